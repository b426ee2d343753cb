import { createPasswordReset, PASSWORD_RESET_MINUTES } from "../auth/password-resets.js";
import { findUserByEmail } from "../auth/users.js";
import type { Locale } from "../domain/workspace.js";
import { PASSWORD_RESET_WORDS } from "../i18n/accounts/words.js";
import { type SmtpSettings, sendMail } from "../reports/smtp.js";
import type { Store } from "../store/store.js";

/** Why no reset e-mail can go out: users belong to the instance, whose e-mails use the served workspace's server. */
export const NO_SMTP_FOR_PASSWORD_RESETS =
  "Password reset by e-mail needs the SMTP settings of the workspace served: socialroi schedule smtp --host … --from …";

/** The dashboard's page that takes the token and the new password. */
function passwordResetLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * E-mails the user with this address a one-time link to choose a new password (`lang`'s words).
 * False, and nothing sent, when no user has the address. The link starts with `baseUrl`, which is
 * configured, never the request's Host: anyone can forge that one to receive the token.
 */
export async function mailPasswordReset(
  store: Store,
  smtp: SmtpSettings,
  request: { email: string; baseUrl: string; lang: Locale },
): Promise<boolean> {
  const user = await findUserByEmail(store, request.email);
  if (!user) return false;
  const token = await createPasswordReset(store, user.user_id);
  const words = PASSWORD_RESET_WORDS[request.lang];
  await sendMail(smtp, {
    to: [user.email],
    subject: words.subject,
    text: words.body({
      email: user.email,
      link: passwordResetLink(request.baseUrl, token),
      token,
      minutes: PASSWORD_RESET_MINUTES,
    }),
    attachments: [],
  });
  return true;
}
