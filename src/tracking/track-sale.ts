import { z } from "zod";
import { amountField, currencyField } from "../domain/input-bounds.js";
import {
  type Attribution,
  type ConversionResult,
  type ConversionSource,
  saleKey,
  type TrackingDeps,
  writeConversion,
} from "./record-conversion.js";
import { releaseHeldRefunds } from "./refunds.js";

const id = z.string().trim().min(1).max(200);

/**
 * A sale's or refund's amount in major units, at every door. Never negative: a shop's negative
 * total would turn into lost revenue with no sale behind it, while a refund has its own event.
 */
export const saleAmount = amountField.refine(
  (amount) => amount >= 0,
  "never negative: a negative total is not a sale (send a refund as a refund)",
);

export const saleBodySchema = z
  .object({
    click_id: id.optional(),
    customer_id: id.optional(),
    amount: saleAmount,
    currency: currencyField,
    invoice_id: id,
  })
  .refine((body) => body.click_id !== undefined || body.customer_id !== undefined, {
    message: "click_id or customer_id is required",
    path: ["click_id"],
  });

export interface SaleInput {
  clickId?: string | undefined;
  customerId?: string | undefined;
  /** Major units (12.50). */
  amount: number;
  currency: string;
  /** Unique per sale within `source`: a repeat records nothing. */
  invoiceId: string;
  source: ConversionSource;
  occurredAt?: Date | undefined;
  fallback?: Attribution | undefined;
  extra?: Record<string, unknown>;
}

/** Records a sale; refunds that arrived before it (held aside) count from then on, in the same transaction. */
export function trackSale(deps: TrackingDeps, sale: SaleInput): Promise<ConversionResult> {
  return deps.queue.run(() =>
    deps.store.transaction(async () => {
      const result = await writeConversion(deps, {
        type: "sale",
        idempotencyKey: saleKey(sale.source, sale.invoiceId),
        clickId: sale.clickId,
        customerId: sale.customerId,
        value: sale.amount,
        currency: sale.currency,
        occurredAt: sale.occurredAt,
        fallback: sale.fallback,
        extra: { source: sale.source, invoice_id: sale.invoiceId, ...sale.extra },
      });
      if (result.recorded) await releaseHeldRefunds(deps, sale.source, sale.invoiceId);
      return result;
    }),
  );
}
