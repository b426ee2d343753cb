import { z } from "zod";
import { HELD_REASONS } from "../api/imports.js";
import type { Workspace } from "../domain/workspace.js";
import { RATE_STARTS_SQL, WAITING_FOR_RATE } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import type { HeldRefundReason } from "./refunds.js";

type HeldReason = "waiting_for_rate" | HeldRefundReason;

/** A sale or refund stored but counted in no figure until what it waits for arrives. */
interface HeldConversion {
  conversion_id: string;
  type: "sale" | "refund";
  reason: HeldReason;
  amount: number;
  currency: string;
  occurred_at: string;
  /** api, stripe or shopify; `import` for a file's row. */
  source: string;
  /** The invoice, order or refund id at the source; a file's conversion_id. */
  reference: string;
}

/** A refund counted for less than was asked: its sale had no more to take back. */
interface CappedRefund {
  conversion_id: string;
  /** What was counted. */
  amount: number;
  requested: number;
  currency: string;
  occurred_at: string;
  source: string;
  reference: string;
}

export interface HeldConversions {
  /** How many are held; `held` lists the latest of them. */
  count: number;
  held: HeldConversion[];
  capped: CappedRefund[];
}

const LISTED = 100;

/** `total` counts every held one, not only those listed. Parameters: $ws, $currency (the reporting one). */
const heldConversions = defineQuery(
  "tracking/held-conversions",
  z.object({
    conversion_id: z.string(),
    type: z.enum(["sale", "refund"]),
    reason: z.enum(HELD_REASONS),
    amount: z.number(),
    currency: z.string(),
    source: z.string(),
    reference: z.string(),
    at: z.number(),
    total: z.number(),
  }),
  {
    duckdb: `WITH ${RATE_STARTS_SQL},
     held AS (
       SELECT conversion_id, type, 'waiting_for_rate' AS reason, value AS amount, currency, occurred_at,
         CASE WHEN import_id IS NULL THEN extra->>'source' ELSE 'import' END AS source,
         CASE WHEN import_id IS NULL THEN coalesce(extra->>'refund_id', extra->>'invoice_id') END AS reference
       FROM (SELECT *, local_day AS day FROM conversions WHERE workspace_id = $ws)
         LEFT JOIN rate_starts ON rate_currency = currency
       WHERE ${WAITING_FOR_RATE}
       UNION ALL
       SELECT conversion_id, 'refund', reason, value, currency, occurred_at, source, refund_id
       FROM held_refunds WHERE workspace_id = $ws
     )
     SELECT * EXCLUDE (occurred_at, reference), coalesce(reference, conversion_id) AS reference,
       epoch_ms(occurred_at) AS at, CAST(count(*) OVER () AS INTEGER) AS total
     FROM held ORDER BY occurred_at DESC, conversion_id LIMIT ${LISTED}`,
  },
);

/** Parameters: $ws. */
const cappedRefunds = defineQuery(
  "tracking/capped-refunds",
  z.object({
    conversion_id: z.string(),
    amount: z.number(),
    requested: z.number(),
    currency: z.string(),
    source: z.string(),
    reference: z.string(),
    at: z.number(),
  }),
  {
    duckdb: `SELECT conversion_id, value AS amount, CAST(extra->>'requested_value' AS DOUBLE) AS requested, currency,
       extra->>'source' AS source, extra->>'refund_id' AS reference, epoch_ms(occurred_at) AS at
     FROM conversions
     WHERE workspace_id = $ws AND type = 'refund' AND import_id IS NULL AND (extra->>'requested_value') IS NOT NULL
     ORDER BY occurred_at DESC, conversion_id LIMIT ${LISTED}`,
  },
);

/** Sales and refunds waiting for a rate (computed from the rates there are now) or in `held_refunds`, and capped refunds. */
export async function listHeldConversions(store: Store, workspace: Workspace): Promise<HeldConversions> {
  const params = { ws: workspace.id, currency: workspace.currency };
  const held = await runQuery(store, heldConversions, params);
  const capped = await runQuery(store, cappedRefunds, params);
  const dated = <T extends { at: number }>({ at, ...row }: T) => ({
    ...row,
    occurred_at: new Date(at).toISOString(),
  });
  return {
    count: held[0]?.total ?? 0,
    held: held.map(({ total, ...row }) => dated(row)),
    capped: capped.map(dated),
  };
}
