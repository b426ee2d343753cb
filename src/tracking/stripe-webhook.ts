import { ZodError, z } from "zod";
import { saleAmount } from "../api/tracking.js";
import { type StripeEvent, stripeSeconds } from "../api/webhooks.js";
import { currencyField } from "../domain/input-bounds.js";
import type { ConversionResult, TrackingDeps } from "./record-conversion.js";
import { type RefundInput, trackRefund } from "./refunds.js";
import { trackSale } from "./track-sale.js";

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
  currency: currencyField,
  customer: z.string().nullish(),
  customer_details: z.object({ email: z.string().nullish() }).nullish(),
  payment_intent: z.string().nullish(),
  created: stripeSeconds.optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

const charge = z.object({
  id: z.string(),
  amount_refunded: z.number().int(),
  currency: currencyField,
  payment_intent: z.string().nullish(),
  refunds: z
    .object({
      data: z.array(
        z.object({ id: z.string(), amount: z.number().int(), created: stripeSeconds.optional() }),
      ),
    })
    .nullish(),
});

const secondsToDate = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000) : undefined);

/** An amount in the currency's smallest unit, in major units checked as every door checks them (the 400 names `path`). */
function majorAmount(minor: number, code: string, path: (string | number)[]): number {
  const checked = saleAmount.safeParse(fromMinorUnits(minor, code));
  if (checked.success) return checked.data;
  throw new ZodError(checked.error.issues.map((issue) => ({ ...issue, path })));
}

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
        amount: majorAmount(session.amount_total, session.currency, ["amount_total"]),
        currency: session.currency,
        occurredAt: secondsToDate(session.created ?? event.created),
        extra: { checkout_session: session.id },
      }),
    ];
  }
  if (event.type === "charge.refunded") {
    const refunded = charge.parse(event.data.object);
    const invoiceId = refunded.payment_intent ?? refunded.id;
    // Recent API versions leave `refunds` out of the charge: `amount_refunded` is then the total
    // refunded so far, and each new total is a refund of the difference.
    const refunds: RefundInput[] = refunded.refunds
      ? refunded.refunds.data.map((refund, index) => ({
          source: "stripe",
          invoiceId,
          refundId: refund.id,
          amount: majorAmount(refund.amount, refunded.currency, ["refunds", "data", index, "amount"]),
          currency: refunded.currency,
          occurredAt: secondsToDate(refund.created),
        }))
      : [
          {
            source: "stripe",
            invoiceId,
            refundId: `${refunded.id}:${refunded.amount_refunded}`,
            amount: majorAmount(refunded.amount_refunded, refunded.currency, ["amount_refunded"]),
            currency: refunded.currency,
            occurredAt: secondsToDate(event.created),
            cumulative: true,
          },
        ];
    const results: ConversionResult[] = [];
    for (const refund of refunds) results.push(await trackRefund(deps, refund));
    return results;
  }
  return [];
}
