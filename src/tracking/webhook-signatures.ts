import { createHmac, timingSafeEqual } from "node:crypto";

/** Stripe's default: events older than this are refused, so a captured request cannot be replayed later. */
const STRIPE_TOLERANCE_SECONDS = 300;

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Stripe-Signature: t=…,v1=…[,v1=…]` where v1 is hex HMAC-SHA256(secret, `${t}.${body}`). */
export function verifyStripeSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const pairs = header.split(",").map((part) => {
    const at = part.indexOf("=");
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
  });
  const timestamp = Number(pairs.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > STRIPE_TOLERANCE_SECONDS)
    return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest();
  return pairs.some(([key, value]) => key === "v1" && sameBytes(Buffer.from(value, "hex"), expected));
}

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body. */
export function verifyShopifyHmac(header: string | undefined, rawBody: Buffer, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return sameBytes(Buffer.from(header, "base64"), expected);
}
