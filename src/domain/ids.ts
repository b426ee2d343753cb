import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** The largest multiple of the alphabet's size below 256: bytes above it are skipped so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = 256 - (256 % ALPHABET.length);

export type IdPrefix =
  | "ws"
  | "cst"
  | "lnk"
  | "clk"
  | "cus"
  | "cnv"
  | "vr"
  | "goal"
  | "tok"
  | "usr"
  | "imp"
  | "rpt"
  | "sch"
  | "aud"
  | "lift";

// One call for random bytes costs more than building a whole id from them: a click id is made on
// every redirect, so the bytes are drawn a pool at a time.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

/** Prefixed random ids (`ws_3fK9…`) so an id names its kind wherever it is pasted. */
export function newId(prefix: IdPrefix, length = 16): string {
  let body = "";
  while (body.length < length) {
    const byte = randomByte();
    if (byte < UNBIASED_BYTE_LIMIT) body += ALPHABET[byte % ALPHABET.length];
  }
  return `${prefix}_${body}`;
}
