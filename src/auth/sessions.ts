import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { type User, userSchema } from "./users.js";

/** How long a session lasts from sign-in; signing out, everywhere or by a new password, ends it sooner. */
const SESSION_DAYS = 14;

const digest = (purpose: string, sessionId: string) =>
  createHash("sha256").update(`${purpose}\0${sessionId}`).digest("base64url");

/** Only this is stored: whoever reads the database cannot present it as a cookie. */
const sessionHash = (sessionId: string) => digest("session", sessionId);

/**
 * The session's CSRF token: derived from its id, which only the HttpOnly cookie holds, so a page
 * of another site can neither read nor compute it, and it needs no storage of its own.
 */
export function csrfTokenFor(sessionId: string): string {
  return digest("csrf", sessionId);
}

/** Whether `sent` is the session's CSRF token, compared in constant time. */
export function isCsrfTokenOf(sessionId: string, sent: string): boolean {
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A new session of the user; its id goes into the cookie and nowhere else. */
export async function createSession(store: Store, userId: string): Promise<{ id: string; expires: Date }> {
  const id = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await store.transaction(async () => {
    await store.run("DELETE FROM user_sessions WHERE expires_at <= now()");
    await store.run(
      "INSERT INTO user_sessions (session_hash, user_id, expires_at) VALUES ($hash, $user, $expires)",
      { hash: sessionHash(id), user: userId, expires: expires.toISOString() },
    );
  });
  return { id, expires };
}

/** Parameters: $hash. */
const sessionUser = defineQuery("auth/session-user", userSchema, {
  duckdb: `SELECT u.user_id, u.email, u.owns_instance, strftime(u.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at
    FROM user_sessions s JOIN users u USING (user_id) WHERE s.session_hash = $hash AND s.expires_at > now()`,
});

/** The user of a session that has not ended. */
export async function findSessionUser(store: Store, sessionId: string): Promise<User | undefined> {
  const [user] = await runQuery(store, sessionUser, { hash: sessionHash(sessionId) });
  return user;
}

const ENDED = z.object({ user_id: z.string() });

/** Parameters: $hash. */
const endOne = defineQuery("auth/end-session", ENDED, {
  duckdb: "DELETE FROM user_sessions WHERE session_hash = $hash RETURNING user_id",
});

/** Parameters: $user. */
const endAll = defineQuery("auth/end-sessions", ENDED, {
  duckdb: "DELETE FROM user_sessions WHERE user_id = $user RETURNING user_id",
});

/** Ends one session (signing out); how many ended. */
export async function endSession(store: Store, sessionId: string): Promise<number> {
  return (await runQuery(store, endOne, { hash: sessionHash(sessionId) })).length;
}

/** Ends every session of the user (signing out everywhere); how many ended. */
export async function endAllSessions(store: Store, userId: string): Promise<number> {
  return (await runQuery(store, endAll, { user: userId })).length;
}
