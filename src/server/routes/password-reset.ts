import { passwordResetConfirmSchema, passwordResetRequestSchema } from "../../api/auth.js";
import { ApiFailure, invalidField } from "../../api/errors.js";
import { PASSWORD_RESET_MINUTES, resetPasswordWithToken } from "../../auth/password-resets.js";
import { readSmtpSettings } from "../../reports/smtp.js";
import { baseUrlFromEnv, DEFAULT_BASE_URL } from "../../tracking/link.js";
import { RateLimiter } from "../../tracking/rate-limit.js";
import { ACCESS, isSameOrigin } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";
import { mailPasswordReset, NO_SMTP_FOR_PASSWORD_RESETS } from "../password-reset-mail.js";

/**
 * E-mails asked for: per address, three at once then three an hour, so nobody floods an inbox; per
 * client address, ten at once then one a minute, however many addresses it tries. Counted whether
 * the address has an account or not, so that a refusal tells no address apart either.
 */
const RESETS_PER_EMAIL = { perMinute: 3 / 60, burst: 3 };
const RESETS_PER_ADDRESS = { perMinute: 1, burst: 10 };

/** Password reset by e-mail: a one-time link, then the new password set with its token. */
export const passwordResetRoutes: RoutePlugin = async (app, context) => {
  const { store } = context;
  const perEmail = new RateLimiter(RESETS_PER_EMAIL.perMinute, RESETS_PER_EMAIL.burst);
  const perAddress = new RateLimiter(RESETS_PER_ADDRESS.perMinute, RESETS_PER_ADDRESS.burst);
  /**
   * The e-mails go out after the answer, one after the other: how long the answer takes tells
   * nothing of whether the address has an account, and the server closes once they are sent.
   */
  let mailing = Promise.resolve();
  app.addHook("onClose", () => mailing);

  app.post("/api/password-reset", ACCESS.public, async (request, reply) => {
    if (!isSameOrigin(request))
      throw new ApiFailure("forbidden", "A password reset asked from another site is refused");
    const { email, lang } = parseBody(passwordResetRequestSchema, request.body);
    const smtp = await readSmtpSettings(store, context.workspace.id);
    if (!smtp) throw new ApiFailure("unavailable", NO_SMTP_FOR_PASSWORD_RESETS);
    if (!perEmail.take(email) || !perAddress.take(context.clientAddress(request.raw))) {
      reply.header("retry-after", "60");
      throw new ApiFailure("rate_limited", "Too many password resets asked for: wait a while");
    }
    const baseUrl = baseUrlFromEnv() ?? DEFAULT_BASE_URL;
    const locale = lang ?? context.workspace.locale;
    mailing = mailing
      .then(() => mailPasswordReset(store, smtp, { email, baseUrl, lang: locale }))
      .then(
        () => undefined,
        (error: unknown) => app.log.error(error, "a password-reset e-mail was not sent"),
      );
    return reply.status(202).send({ expires_in_minutes: PASSWORD_RESET_MINUTES });
  });

  app.post("/api/password-reset/confirm", ACCESS.public, async (request) => {
    if (!isSameOrigin(request))
      throw new ApiFailure("forbidden", "A password reset sent from another site is refused");
    const { token, password } = parseBody(passwordResetConfirmSchema, request.body);
    if (!(await resetPasswordWithToken(store, token, password)))
      throw invalidField("token", "unknown, used already or expired: ask for a new e-mail");
    return { signed_out_everywhere: true as const };
  });
};
