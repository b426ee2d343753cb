import { z } from "zod";
import { isCurrencyCode } from "../domain/canonical.js";
import {
  type Attribution,
  type ConversionResult,
  recordConversion,
  saleAttribution,
  type TrackingDeps,
} from "./record-conversion.js";

const id = z.string().trim().min(1).max(200);
const currency = z
  .string()
  .transform((c) => c.trim().toUpperCase())
  .refine(isCurrencyCode, "an ISO 4217 currency code such as EUR");

export const saleBodySchema = z
  .object({
    click_id: id.optional(),
    customer_id: id.optional(),
    amount: z.number().finite().nonnegative(),
    currency,
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
  source: "api" | "stripe" | "shopify";
  occurredAt?: Date | undefined;
  fallback?: Attribution | undefined;
  extra?: Record<string, unknown>;
}

/** The idempotency key of a sale: webhook ids live in their provider's namespace. */
function saleKey(source: SaleInput["source"], invoiceId: string): string {
  return source === "api" ? invoiceId : `${source}:${invoiceId}`;
}

export function trackSale(deps: TrackingDeps, sale: SaleInput): Promise<ConversionResult> {
  return recordConversion(deps, {
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
}

export interface RefundInput {
  source: SaleInput["source"];
  /** The invoice of the sale refunded: the refund is credited to the same link. */
  invoiceId: string;
  refundId: string;
  amount: number;
  currency: string;
  occurredAt?: Date | undefined;
}

/** A refund, stored as type `refund` with its sale's attribution, so ROI deducts it from that link's revenue. */
export async function trackRefund(deps: TrackingDeps, refund: RefundInput): Promise<ConversionResult> {
  const sale = await saleAttribution(deps, saleKey(refund.source, refund.invoiceId));
  return recordConversion(deps, {
    type: "refund",
    idempotencyKey: `${refund.source}:${refund.refundId}`,
    clickId: sale?.click_id ?? undefined,
    customerId: sale?.customer_id ?? undefined,
    value: Math.abs(refund.amount),
    currency: refund.currency,
    occurredAt: refund.occurredAt,
    fallback: sale,
    extra: { source: refund.source, invoice_id: refund.invoiceId, refund_id: refund.refundId },
  });
}
