import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { MS_PER_DAY } from "./aggregate.js";

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
 * CTEs ending in `journey_sale_rows`: the sales that close journeys (buyer, occurred_at,
 * conversion_id, gross_amount), what each brought net of its refunds (amount), and the customer it
 * counts for: `customer_share` is 1 / the customer's sales among the journeys, so credited shares
 * add up to customers; `new_customer` when the customer bought nothing before the period.
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

/**
 * The imported touchpoints from $touches_from to $to (UTC dates, both included), as a subquery.
 * Parameters: $ws, $touches_from, $to.
 */
export const IMPORTED_TOUCHPOINTS_SQL = `SELECT customer_id, occurred_at, channel, network, campaign FROM touchpoints
  WHERE workspace_id = $ws AND occurred_at >= CAST($touches_from AS DATE) AND occurred_at < CAST($to AS DATE) + INTERVAL 1 DAY`;

/** The first day touches are read from: the lookback window before the period, so its first sales keep their history. */
export function touchesFrom(period: Period, lookbackDays: number): string {
  return new Date(Date.parse(period.from) - lookbackDays * MS_PER_DAY).toISOString().slice(0, 10);
}
