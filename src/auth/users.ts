import { z } from "zod";
import { emailField, passwordField } from "../api/auth.js";
import { newId } from "../domain/ids.js";
import { anyRow, defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { hashPassword } from "./passwords.js";

export const userSchema = z.object({
  user_id: z.string(),
  email: z.string(),
  owns_instance: z.boolean(),
  created_at: z.string(),
});
export type User = z.infer<typeof userSchema>;

const USER_COLUMNS =
  "user_id, email, owns_instance, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at";

/** Parameters: $email. */
const userByEmail = defineQuery("auth/user-by-email", userSchema.extend({ password_hash: z.string() }), {
  duckdb: `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = $email`,
});

/** Ordered by the column, not by the text of the same name the select makes of it (to the second). */
const allUsers = defineQuery("auth/users", userSchema, {
  duckdb: `SELECT ${USER_COLUMNS} FROM users u ORDER BY u.created_at, u.user_id`,
});

/** The user with this e-mail address (as typed: it is normalised here), with their password's hash. */
export async function findUserByEmail(
  store: Store,
  email: string,
): Promise<(User & { password_hash: string }) | undefined> {
  const [user] = await runQuery(store, userByEmail, { email: email.trim().toLowerCase() });
  return user;
}

export function listUsers(store: Store): Promise<User[]> {
  return runQuery(store, allUsers);
}

/** Whether anyone has an account: until then, a server only this machine reaches needs no sign-in. */
export function hasUsers(store: Store): Promise<boolean> {
  return anyRow(store, "auth/has-users", { duckdb: "SELECT 1 AS found FROM users LIMIT 1" });
}

/**
 * A new user. The first owns the instance: they are the owner of every workspace, those to come
 * included. Undefined when the address has an account already.
 */
export async function createUser(
  store: Store,
  input: { email: string; password: string },
): Promise<User | undefined> {
  const email = emailField.parse(input.email);
  const hash = await hashPassword(passwordField.parse(input.password));
  return store.transaction(async () => {
    if (await findUserByEmail(store, email)) return undefined;
    await store.run(
      `INSERT INTO users (user_id, email, password_hash, owns_instance)
       SELECT $id, $email, $hash, NOT EXISTS (SELECT 1 FROM users)`,
      { id: newId("usr"), email, hash },
    );
    const { password_hash: _hash, ...user } = (await findUserByEmail(store, email))!;
    return user;
  });
}

/** Sets a user's password and ends all their sessions: whoever knew the old one is signed out. */
export async function setPassword(store: Store, userId: string, password: string): Promise<void> {
  await setPasswordHash(store, userId, await hashPassword(passwordField.parse(password)));
}

/**
 * `setPassword` with the hash made beforehand: the slow hashing stays out of a transaction that
 * joins it (redeeming a reset token and setting the password are one).
 */
export async function setPasswordHash(store: Store, userId: string, hash: string): Promise<void> {
  await store.transaction(async () => {
    await store.run("UPDATE users SET password_hash = $hash WHERE user_id = $user", { hash, user: userId });
    await store.run("DELETE FROM user_sessions WHERE user_id = $user", { user: userId });
  });
}
