import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

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
  | "imp"
  | "rpt"
  | "sch";

/** Prefixed random ids (`ws_3fK9…`) so an id names its kind wherever it is pasted. */
export function newId(prefix: IdPrefix, length = 16): string {
  const bytes = randomBytes(length);
  let body = "";
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${body}`;
}
