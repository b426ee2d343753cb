import { z } from "zod";
import { FIRST_DAY, LAST_DAY } from "../domain/input-bounds.js";

/** Stripe's timestamps (seconds since 1970), within the days every door takes in. */
export const stripeSeconds = z
  .number()
  .int()
  .min(Date.parse(FIRST_DAY) / 1000)
  .max(Date.parse(`${LAST_DAY}T23:59:59Z`) / 1000);

export const stripeEventSchema = z
  .object({
    id: z.string(),
    type: z
      .string()
      .describe("checkout.session.completed and charge.refunded are recorded; other types are acknowledged"),
    created: stripeSeconds.optional(),
    data: z.object({ object: z.unknown() }),
  })
  .describe("A Stripe event, signed with Stripe-Signature");
export type StripeEvent = z.infer<typeof stripeEventSchema>;

export const shopifyPayloadSchema = z
  .record(z.string(), z.unknown())
  .describe("A Shopify order or refund, signed with X-Shopify-Hmac-Sha256, its topic in X-Shopify-Topic");

export const webhookReceivedSchema = z.object({
  received: z.literal(true),
  recorded: z.number().describe("Conversions recorded (a repeat records none)"),
});
