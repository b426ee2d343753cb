import { z } from "zod";
import type { ConversionResult, TrackingDeps } from "./record-conversion.js";
import { trackRefund, trackSale } from "./track-sale.js";

/** Stripe amounts are in the currency's smallest unit; these currencies have none or three decimals. */
const ZERO_DECIMAL = new Set("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split(" "));
const THREE_DECIMAL = new Set("BHD JOD KWD OMR TND".split(" "));

export function fromMinorUnits(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  const digits = ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
  return amount / 10 ** digits;
}

const checkoutSession = z.object({
  id: z.string(),
  client_reference_id: z.string().nullish(),
  amount_total: z.number().int(),
  currency: z.string(),
  customer: z.string().nullish(),
  customer_details: z.object({ email: z.string().nullish() }).nullish(),
  payment_intent: z.string().nullish(),
  created: z.number().optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

const charge = z.object({
  id: z.string(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullish(),
  refunds: z
    .object({
      data: z.array(z.object({ id: z.string(), amount: z.number().int(), created: z.number().optional() })),
    })
    .nullish(),
});

export const stripeEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number().optional(),
  data: z.object({ object: z.unknown() }),
});
export type StripeEvent = z.infer<typeof stripeEventSchema>;

const secondsToDate = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000) : undefined);

/**
 * Sales from completed Checkout sessions (`client_reference_id` carries the click id) and their
 * refunds; other event types are acknowledged and ignored.
 */
export async function handleStripeEvent(deps: TrackingDeps, event: StripeEvent): Promise<ConversionResult[]> {
  if (event.type === "checkout.session.completed") {
    const session = checkoutSession.parse(event.data.object);
    return [
      await trackSale(deps, {
        source: "stripe",
        // Refunds name the payment intent, so the sale is keyed by it when there is one.
        invoiceId: session.payment_intent ?? session.id,
        clickId: session.client_reference_id ?? session.metadata?.["sr_id"] ?? undefined,
        customerId: session.customer ?? session.customer_details?.email ?? undefined,
        amount: fromMinorUnits(session.amount_total, session.currency),
        currency: session.currency.toUpperCase(),
        occurredAt: secondsToDate(session.created ?? event.created),
        extra: { checkout_session: session.id },
      }),
    ];
  }
  if (event.type === "charge.refunded") {
    const refunded = charge.parse(event.data.object);
    // Recent API versions leave `refunds` out of the charge: the refunded total then stands for one refund.
    const refunds = refunded.refunds?.data ?? [
      { id: refunded.id, amount: refunded.amount_refunded, created: event.created },
    ];
    const results: ConversionResult[] = [];
    for (const refund of refunds) {
      results.push(
        await trackRefund(deps, {
          source: "stripe",
          invoiceId: refunded.payment_intent ?? refunded.id,
          refundId: refund.id,
          amount: fromMinorUnits(refund.amount, refunded.currency),
          currency: refunded.currency.toUpperCase(),
          occurredAt: secondsToDate(refund.created),
        }),
      );
    }
    return results;
  }
  return [];
}
