import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt's cost: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per hash, a guess costs an attacker
 * as much. Kept in each hash, so that raising it later leaves the older hashes readable.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 64;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // Node refuses more than 32 MiB by default, exactly what this cost takes, so the bound is raised.
    scrypt(
      password.normalize("NFC"),
      salt,
      KEY_BYTES,
      { ...cost, maxmem: 128 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url), with a salt of its own. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether `password` is the one `hash` was made from; the keys are compared in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash no password matches (no scrypt key is all zeros), checked when no user has the e-mail
 * given, so that the answer takes as long as for a wrong password and tells no address apart.
 */
export const NO_USER_HASH = ["scrypt", COST.N, COST.r, COST.p, "A".repeat(22), "A".repeat(86)].join("$");
