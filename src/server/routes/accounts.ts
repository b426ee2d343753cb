import { chosenWorkspaceSchema, signInSchema } from "../../api/auth.js";
import { ApiFailure } from "../../api/errors.js";
import { chooseWorkspace, defaultMembership } from "../../auth/chosen-workspace.js";
import { workspacesOf } from "../../auth/memberships.js";
import { NO_USER_HASH, verifyPassword } from "../../auth/passwords.js";
import { createSession, csrfTokenFor, endAllSessions, endSession } from "../../auth/sessions.js";
import { findUserByEmail } from "../../auth/users.js";
import { RateLimiter } from "../../tracking/rate-limit.js";
import { ACCESS, type Caller, isSameOrigin } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { clearSessionCookies, setSessionCookies } from "../cookies.js";
import { parseBody } from "../parse-input.js";

/**
 * Guesses allowed: per e-mail address, ten at once then one a minute, however many machines guess;
 * per client address, thirty at once then ten a minute, however many addresses it tries. Not tied
 * to SOCIALROI_RATE_LIMIT, which turns the tracking limits off: these protect the accounts.
 */
const GUESSES_PER_EMAIL = { perMinute: 1, burst: 10 };
const GUESSES_PER_ADDRESS = { perMinute: 10, burst: 30 };

/** The session of a route of the "account" level, which only a signed-in user reaches. */
export function sessionOf(caller: Caller | undefined): Extract<Caller, { kind: "session" }> {
  if (caller?.kind !== "session") throw new Error("an account route was reached without a session");
  return caller;
}

/** Signing in and out with e-mail and password; the session lives in an HttpOnly cookie. */
export const accountRoutes: RoutePlugin = async (app, context) => {
  const { store } = context;
  const perEmail = new RateLimiter(GUESSES_PER_EMAIL.perMinute, GUESSES_PER_EMAIL.burst);
  const perAddress = new RateLimiter(GUESSES_PER_ADDRESS.perMinute, GUESSES_PER_ADDRESS.burst);

  app.post("/api/sign-in", ACCESS.public, async (request, reply) => {
    // Another site's page could sign a visitor in to an account of its own and watch what they add.
    if (!isSameOrigin(request))
      throw new ApiFailure("forbidden", "A sign-in sent from another site is refused");
    const { email, password } = parseBody(signInSchema, request.body);
    // Every attempt counts, before the password is checked: parallel guesses cannot outrun the count.
    if (!perEmail.take(email) || !perAddress.take(context.clientAddress(request.raw))) {
      reply.header("retry-after", "60");
      throw new ApiFailure("rate_limited", "Too many sign-in attempts: wait a minute");
    }
    const user = await findUserByEmail(store, email);
    // Checked against a hash even without a user, so the time taken tells no address apart.
    const matches = await verifyPassword(password, user?.password_hash ?? NO_USER_HASH);
    if (!user || !matches) throw new ApiFailure("unauthorized", "Wrong e-mail address or password");
    const session = await createSession(store, user.user_id);
    const csrfToken = csrfTokenFor(session.id);
    setSessionCookies(request, reply, { ...session, csrfToken });
    return { user_id: user.user_id, email: user.email, csrf_token: csrfToken };
  });

  app.post("/api/sign-out", ACCESS.account, async (request, reply) => {
    const ended = await endSession(store, sessionOf(request.caller).sessionId);
    clearSessionCookies(request, reply);
    return { sessions_ended: ended };
  });

  app.post("/api/sign-out-everywhere", ACCESS.account, async (request, reply) => {
    const ended = await endAllSessions(store, sessionOf(request.caller).user.user_id);
    clearSessionCookies(request, reply);
    return { sessions_ended: ended };
  });

  app.get("/api/me", ACCESS.account, async (request) => {
    const { user } = sessionOf(request.caller);
    const workspaces = await workspacesOf(store, user.user_id);
    const chosen = await defaultMembership(store, user.user_id, workspaces);
    return { user_id: user.user_id, email: user.email, workspaces, workspace: chosen?.id ?? null };
  });

  app.put("/api/me/workspace", ACCESS.account, async (request) => {
    const { user } = sessionOf(request.caller);
    const { workspace } = parseBody(chosenWorkspaceSchema, request.body);
    // Another workspace's id answers as an unknown one does: whether it exists is not the user's business.
    if (!(await workspacesOf(store, user.user_id)).some((member) => member.id === workspace))
      throw new ApiFailure("not_found", `No workspace ${workspace}`);
    await chooseWorkspace(store, user.user_id, workspace);
    return { workspace };
  });
};
