import { z } from "zod";
import { defineQuery, runQuery } from "../store/query.js";
import {
  attributionSchema,
  type ConversionResult,
  type ConversionSource,
  conversionIdFor,
  saleKey,
  type TrackingDeps,
  writeConversion,
} from "./record-conversion.js";

export interface RefundInput {
  source: ConversionSource;
  /** The invoice of the sale refunded: the refund is credited to the same link, and capped at that sale. */
  invoiceId: string;
  /** Unique per refund within `source`: a repeat records nothing. */
  refundId: string;
  /** Major units. */
  amount: number;
  currency: string;
  occurredAt?: Date | undefined;
  /**
   * `amount` is all that was refunded of the sale so far (Stripe's `amount_refunded` when the event
   * lists no refunds): the refund is what it adds to the refunds already received.
   */
  cumulative?: boolean;
}

/** Why a refund is held aside in `held_refunds` instead of counted. */
export type HeldRefundReason = "unknown_sale" | "other_currency";

type Refund = Omit<RefundInput, "cumulative" | "occurredAt"> & { occurredAt: Date };

const saleSchema = attributionSchema.extend({
  customer_id: z.string().nullable(),
  currency: z.string().nullable(),
  /** What its refunds have not taken back yet. */
  unrefunded: z.number(),
});
type Sale = z.infer<typeof saleSchema>;

/**
 * The refunds received for a sale: `requested` as sent, `counted` once capped at the sale (held
 * ones count nothing yet; refunds recorded before the cap existed were counted in full). In
 * decimals, so that 100 − 30 − 20 leaves 50 and not 49.99999999999999. DuckDB's `->>` binds more
 * loosely than `=` and `AND`, hence its parentheses. Parameters: $ws, $source, $invoice.
 */
const REFUNDS_OF_SALE = `
  SELECT CAST(value AS DECIMAL(38, 6)) AS counted,
    CAST(coalesce(CAST(extra->>'requested_value' AS DOUBLE), value) AS DECIMAL(38, 6)) AS requested
  FROM conversions
  WHERE workspace_id = $ws AND type = 'refund' AND import_id IS NULL
    AND (extra->>'source') = $source AND (extra->>'invoice_id') = $invoice
  UNION ALL
  SELECT 0, CAST(value AS DECIMAL(38, 6)) FROM held_refunds
  WHERE workspace_id = $ws AND source = $source AND invoice_id = $invoice`;

/** Parameters: $ws, $source, $invoice, $sale. */
const refundedSale = defineQuery("tracking/refunded-sale", saleSchema, {
  duckdb: `SELECT click_id, network, campaign, post_id, customer_id, currency,
       CAST(CAST(coalesce(value, 0) AS DECIMAL(38, 6)) - (SELECT coalesce(sum(counted), 0) FROM (${REFUNDS_OF_SALE})) AS DOUBLE) AS unrefunded
     FROM conversions WHERE workspace_id = $ws AND conversion_id = $sale`,
});

/** Parameters: $ws, $source, $invoice, $amount (the refunded total). */
const addedByTotal = defineQuery("tracking/refund-added-by-total", z.object({ added: z.number() }), {
  duckdb: `SELECT CAST(CAST($amount AS DECIMAL(38, 6)) - coalesce(sum(requested), 0) AS DOUBLE) AS added FROM (${REFUNDS_OF_SALE})`,
});

/** Parameters: $ws, $id. */
const receivedRefund = defineQuery("tracking/received-refund", z.object({ received: z.number() }), {
  duckdb: `SELECT 1 AS received FROM conversions WHERE workspace_id = $ws AND conversion_id = $id
     UNION ALL SELECT 1 FROM held_refunds WHERE workspace_id = $ws AND conversion_id = $id`,
});

/** Parameters: $ws, $source, $invoice. */
const releasedRefunds = defineQuery(
  "tracking/released-refunds",
  z.object({ refund_id: z.string(), value: z.number(), currency: z.string(), at: z.number() }),
  {
    duckdb: `DELETE FROM held_refunds WHERE workspace_id = $ws AND source = $source AND invoice_id = $invoice
     RETURNING refund_id, value, currency, epoch_ms(occurred_at) AS at`,
  },
);

const refundKey = (refund: Pick<RefundInput, "source" | "refundId">) => `${refund.source}:${refund.refundId}`;

function saleParams(deps: TrackingDeps, refund: Pick<RefundInput, "source" | "invoiceId">) {
  return {
    ws: deps.workspaceId,
    source: refund.source,
    invoice: refund.invoiceId,
    sale: conversionIdFor(deps.workspaceId, "sale", saleKey(refund.source, refund.invoiceId)),
  };
}

async function saleOf(deps: TrackingDeps, refund: Refund): Promise<Sale | undefined> {
  const [sale] = await runQuery(deps.store, refundedSale, saleParams(deps, refund));
  return sale;
}

/** What a cumulative refunded total adds to the refunds of the sale received so far. */
async function addedToRefunds(deps: TrackingDeps, refund: RefundInput): Promise<number> {
  const [row] = await runQuery(deps.store, addedByTotal, {
    ...saleParams(deps, refund),
    amount: refund.amount,
  });
  return row?.added ?? refund.amount;
}

async function holdRefund(
  deps: TrackingDeps,
  refund: Refund,
  reason: HeldRefundReason,
): Promise<ConversionResult> {
  const conversionId = conversionIdFor(deps.workspaceId, "refund", refundKey(refund));
  await deps.store.run(
    `INSERT INTO held_refunds (workspace_id, conversion_id, reason, source, invoice_id, refund_id, value, currency, occurred_at)
     VALUES ($ws, $id, $reason, $source, $invoice, $refund, $value, $currency, CAST($at AS TIMESTAMPTZ))`,
    {
      ws: deps.workspaceId,
      id: conversionId,
      reason,
      source: refund.source,
      invoice: refund.invoiceId,
      refund: refund.refundId,
      value: refund.amount,
      currency: refund.currency,
      at: refund.occurredAt.toISOString(),
    },
  );
  return { conversion_id: conversionId, recorded: true, click_id: null, network: null };
}

/**
 * Counts a refund against its sale, capped at what the sale has left: the refunds of a sale never
 * take back more than it brought. The amount asked is kept in `requested_value` when it was cut.
 * A refund without its sale (not received yet, or in another currency) waits in `held_refunds`.
 */
async function placeRefund(deps: TrackingDeps, refund: Refund): Promise<ConversionResult> {
  const sale = await saleOf(deps, refund);
  if (!sale) return holdRefund(deps, refund, "unknown_sale");
  if (sale.currency !== refund.currency) return holdRefund(deps, refund, "other_currency");
  const counted = Math.max(0, Math.min(refund.amount, sale.unrefunded));
  return writeConversion(deps, {
    type: "refund",
    idempotencyKey: refundKey(refund),
    clickId: sale.click_id ?? undefined,
    customerId: sale.customer_id ?? undefined,
    value: counted,
    currency: refund.currency,
    occurredAt: refund.occurredAt,
    fallback: sale,
    extra: {
      source: refund.source,
      invoice_id: refund.invoiceId,
      refund_id: refund.refundId,
      ...(counted < refund.amount ? { requested_value: refund.amount } : {}),
    },
  });
}

/**
 * A refund, stored as type `refund` with its sale's attribution, so ROI deducts it from that
 * link's revenue; held aside while its sale is unknown.
 */
export function trackRefund(deps: TrackingDeps, input: RefundInput): Promise<ConversionResult> {
  const conversionId = conversionIdFor(deps.workspaceId, "refund", refundKey(input));
  return deps.queue.run(() =>
    deps.store.transaction(async () => {
      const unrecorded = { conversion_id: conversionId, recorded: false, click_id: null, network: null };
      const received = await runQuery(deps.store, receivedRefund, { ws: deps.workspaceId, id: conversionId });
      if (received.length > 0) return unrecorded;
      const amount = input.cumulative ? await addedToRefunds(deps, input) : input.amount;
      // A total overtaken by a later one adds nothing.
      if (amount <= 0) return unrecorded;
      return placeRefund(deps, { ...input, amount, occurredAt: input.occurredAt ?? new Date() });
    }),
  );
}

/**
 * Counts the refunds held for a sale that has just been recorded, earliest first, as if the sale
 * had come first. Runs in the sale's transaction.
 */
export async function releaseHeldRefunds(
  deps: TrackingDeps,
  source: ConversionSource,
  invoiceId: string,
): Promise<void> {
  const held = await runQuery(deps.store, releasedRefunds, {
    ws: deps.workspaceId,
    source,
    invoice: invoiceId,
  });
  held.sort((a, b) => a.at - b.at || (a.refund_id < b.refund_id ? -1 : 1));
  for (const refund of held) {
    await placeRefund(deps, {
      source,
      invoiceId,
      refundId: refund.refund_id,
      amount: refund.value,
      currency: refund.currency,
      occurredAt: new Date(refund.at),
    });
  }
}
