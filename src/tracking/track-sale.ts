import {
  type Attribution,
  type ConversionResult,
  type ConversionSource,
  saleKey,
  type TrackingDeps,
  writeConversion,
} from "./record-conversion.js";
import { releaseHeldRefunds } from "./refunds.js";

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
