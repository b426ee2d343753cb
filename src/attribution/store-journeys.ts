import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { listClickTouchpoints } from "./click-touchpoints.js";
import { buildJourneys, type ConversionInput, MS_PER_DAY, type TouchpointInput } from "./journeys.js";
import type { Journey } from "./types.js";

/**
 * Touches that are not a marketing choice: credit never goes to them when another touch exists.
 * Written trimmed and in lower case, as touches' channels are compared with them.
 */
export const DEFAULT_EXCLUSIONS = ["direct", "(direct)", "stripe", "paypal", "checkout.stripe.com"];

export interface StoreJourneyOptions {
  lookbackDays: number;
  level: "network" | "campaign" | "channel_group";
  /** Which sales close journeys: all sales of identified customers, or only those with no direct credit at `level`. */
  sales: "all" | "undirected";
}

/**
 * The sales that close journeys (`journey_sales`) and the period's refunds of them
 * (`journey_refunds`), over `period_conversions` (roi/period-facts.ts). A refund is netted into its
 * sale's journey, so it follows the sale's credit wherever the model puts it.
 */
export function journeySalesSql(options: Pick<StoreJourneyOptions, "level" | "sales">): string {
  const directColumn = options.level === "campaign" ? "campaign" : "network";
  return `journey_sales AS (
  SELECT * FROM period_conversions
  WHERE type = 'sale' AND has_customer ${options.sales === "undirected" ? `AND ${directColumn} IS NULL` : ""}
),
journey_refunds AS (
  SELECT * FROM period_conversions WHERE type = 'refund' AND conversion_id IN (SELECT conversion_id FROM journey_sales)
)`;
}

/**
 * A sale that closes a journey: what it brought net of its refunds, and the customer it counts
 * for: `customerShare` is 1 / the customer's sales among the journeys, so credited shares add up to
 * customers; `newCustomer` when the customer bought nothing before the period.
 */
interface JourneySale {
  customerShare: number;
  newCustomer: boolean;
}

export interface StoreJourneys {
  /** Converting journeys carry `conversionId`, the index of their sale in `sales`. */
  journeys: Journey[];
  sales: JourneySale[];
}

/**
 * CTEs ending in `journey_sale_rows` (buyer, occurred_at, conversion_id, gross_amount, and as
 * `JourneySale` describes them amount, customer_share, new_customer): the sales that close journeys.
 * Parameters: $ws, $from, $to (as DATE), $currency.
 */
export function journeySaleRowsSql(options: Pick<StoreJourneyOptions, "level" | "sales">): string {
  return `${PERIOD_FACTS_SQL}, ${journeySalesSql(options)},
  refunded AS (SELECT conversion_id, sum(abs(amount)) AS amount FROM journey_refunds GROUP BY ALL),
  earlier_buyers AS (
    SELECT DISTINCT customer_id FROM conversions
    WHERE workspace_id = $ws AND type = 'sale' AND customer_id IS NOT NULL AND local_day < CAST($from AS DATE)),
  journey_sale_rows AS (
    SELECT buyer, occurred_at, conversion_id, s.amount AS gross_amount, s.amount - coalesce(r.amount, 0) AS amount,
      1 / count(*) OVER (PARTITION BY buyer) AS customer_share,
      buyer NOT IN (SELECT customer_id FROM earlier_buyers) AS new_customer
    FROM journey_sales s LEFT JOIN refunded r USING (conversion_id))`;
}

const journeySaleRow = z.object({
  customer_id: z.string(),
  occurred_at: z.string(),
  amount: z.number(),
  customer_share: z.number(),
  new_customer: z.boolean(),
});

/**
 * The imported touchpoints from $touches_from to $to (UTC dates, both included), as a subquery.
 * Parameters: $ws, $touches_from, $to.
 */
export const IMPORTED_TOUCHPOINTS_SQL = `SELECT customer_id, occurred_at, channel, network, campaign FROM touchpoints
  WHERE workspace_id = $ws AND occurred_at >= CAST($touches_from AS DATE) AND occurred_at < CAST($to AS DATE) + INTERVAL 1 DAY`;

const importedTouchpoints = defineQuery(
  "attribution/imported-touchpoints",
  z.object({
    customer_id: z.string(),
    occurred_at: z.string(),
    channel: z.string(),
    network: z.string().nullable(),
    campaign: z.string().nullable(),
  }),
  {
    duckdb: `SELECT customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, channel, network, campaign
      FROM (${IMPORTED_TOUCHPOINTS_SQL})`,
  },
);

/** The first day touches are read from: the lookback window before the period, so its first sales keep their history. */
export function touchesFrom(period: Period, lookbackDays: number): string {
  return new Date(Date.parse(period.from) - lookbackDays * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The workspace's customer journeys for a period: imported touchpoints and tracked clicks, closed by
 * the period's sales (in the reporting currency, less their refunds in the period). Touches up to
 * the lookback window before the period count, so the first sales of the period keep their history.
 */
export async function loadStoreJourneys(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: StoreJourneyOptions,
): Promise<StoreJourneys> {
  const journeySales = defineQuery(
    `attribution/journey-sales-${options.sales}-by-${options.level}`,
    journeySaleRow,
    {
      // Sales of one instant (to the millisecond, as JavaScript reads it) keep the order of their gross amounts.
      duckdb: castDateParams(
        `WITH ${journeySaleRowsSql(options)}
         SELECT buyer AS customer_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at,
           amount, customer_share, new_customer
         FROM journey_sale_rows ORDER BY buyer, occurred_at, gross_amount, conversion_id`,
        ["from", "to"],
      ),
    },
  );
  const sales = await runQuery(store, journeySales, {
    ws: workspace.id,
    currency: workspace.currency,
    ...period,
  });
  if (sales.length === 0) return { journeys: [], sales: [] };
  const earliest = touchesFrom(period, options.lookbackDays);
  const imported = await runQuery(store, importedTouchpoints, {
    ws: workspace.id,
    touches_from: earliest,
    to: period.to,
  });
  const clicks = await listClickTouchpoints(store, workspace.id, earliest, period.to);
  const touchpoints: TouchpointInput[] = [
    ...imported.map((t) => ({
      customerId: t.customer_id,
      occurredAt: t.occurred_at,
      channel: t.channel,
      network: t.network,
      campaign: t.campaign,
    })),
    ...clicks,
  ];
  const conversions: ConversionInput[] = sales.map((s, index) => ({
    customerId: s.customer_id,
    occurredAt: s.occurred_at,
    value: s.amount,
    // Zero-padded, so that sorting ids keeps the order the query gave sales of the same instant.
    conversionId: String(index).padStart(12, "0"),
  }));
  const level = options.level === "channel_group" ? "channel" : options.level;
  const journeys = buildJourneys(touchpoints, conversions, {
    lookbackDays: options.lookbackDays,
    level,
    exclude: DEFAULT_EXCLUSIONS,
  });
  return {
    journeys,
    sales: sales.map((s) => ({ customerShare: s.customer_share, newCustomer: s.new_customer })),
  };
}
