import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { passwordField } from "../api/auth.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { hashPassword } from "./passwords.js";
import { setPasswordHash } from "./users.js";

/** How long the link of a password-reset e-mail works. */
export const PASSWORD_RESET_MINUTES = 60;

/** Only this is stored: whoever reads the database cannot use a pending reset. */
const tokenHash = (token: string) =>
  createHash("sha256").update(`password-reset\0${token}`).digest("base64url");

/** A new reset token for the user, working once within `PASSWORD_RESET_MINUTES`. */
export async function createPasswordReset(store: Store, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + PASSWORD_RESET_MINUTES * 60_000);
  await store.transaction(async () => {
    await store.run("DELETE FROM password_resets WHERE expires_at <= now()");
    await store.run(
      "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($hash, $user, $expires)",
      { hash: tokenHash(token), user: userId, expires: expires.toISOString() },
    );
  });
  return token;
}

/** Deleting it is what makes a token single-use. Parameters: $hash. */
const redeemToken = defineQuery("auth/redeem-password-reset", z.object({ user_id: z.string() }), {
  duckdb: "DELETE FROM password_resets WHERE token_hash = $hash AND expires_at > now() RETURNING user_id",
});

/**
 * Sets the password of the user the token was sent to, ends all their sessions and every other
 * reset they asked for. Undefined (nothing changed) when the token is unknown, used or expired.
 */
export async function resetPasswordWithToken(
  store: Store,
  token: string,
  password: string,
): Promise<{ userId: string } | undefined> {
  const hash = await hashPassword(passwordField.parse(password));
  return store.transaction(async () => {
    const [redeemed] = await runQuery(store, redeemToken, { hash: tokenHash(token) });
    if (!redeemed) return undefined;
    await setPasswordHash(store, redeemed.user_id, hash);
    await store.run("DELETE FROM password_resets WHERE user_id = $user", { user: redeemed.user_id });
    return { userId: redeemed.user_id };
  });
}
