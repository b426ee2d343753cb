/** Conversions that are revenue, not outcomes valued by a rule. */
export const REVENUE_TYPES = "('sale', 'refund')";

/** Rows of the period with their local `day` (see store/local-days.ts). */
export function rowsOfPeriod(table: string, columns: string): string {
  return `SELECT ${columns}, local_day AS day FROM ${table}
    WHERE workspace_id = $ws AND local_day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`;
}

/**
 * The first day each currency has a rate to the reporting currency, as `rate_currency` and
 * `first_rate_day` (DuckDB SQL CTE `rate_starts`). Parameters: $ws.
 */
export const RATE_STARTS_SQL = `rate_starts AS (
  SELECT currency AS rate_currency, min(date) AS first_rate_day FROM currency_rates WHERE workspace_id = $ws GROUP BY currency
)`;

/**
 * A sale or refund in another currency than $currency: without any rate in the workspace it waits
 * for one, counted in no figure until one is imported (listed by tracking/held-conversions.ts).
 */
export const WAITING_WITHOUT_RATES = `(type IN ${REVENUE_TYPES} AND value IS NOT NULL AND currency <> $currency)`;

/**
 * Of those, the ones with no rate on or before their `day` (WAITING_WITHOUT_RATES, once rates
 * exist). Over conversion rows joined to `rate_starts` on `rate_currency = currency`.
 */
export const WAITING_FOR_RATE = `(${WAITING_WITHOUT_RATES} AND (first_rate_day IS NULL OR day < first_rate_day))`;

const CONVERSION_COLUMNS =
  "conversion_id, type, value, currency, customer_id, occurred_at, network, campaign, post_id";

/** The workspace's rates to the reporting currency (DuckDB SQL CTE `rates`). Parameters: $ws. */
export const RATES_SQL =
  "rates AS (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws)";

/**
 * Posts and conversion rows of a period in the workspace's time zone, amounts in their original
 * currency (DuckDB SQL CTEs `period_posts` and `conversion_rows`). Posts carry
 * lifetime figures and are dated by their publish day; daily account figures are never mixed in;
 * a post's reach is NULL when its network does not report it. A query that converts amounts
 * itself takes these alone: DuckDB binds every CTE of a statement, used or not, at every run.
 * Parameters: $ws, $from, $to.
 */
export const PERIOD_ROWS_SQL = `
period_posts AS (
  SELECT post_id, network, campaign, type, day,
    -- Reach stays missing where the network does not give it (X): a sum of reach over posts with none is n/a, not 0.
    coalesce(impressions, 0) AS impressions, reach, coalesce(engagements, 0) AS engagements,
    coalesce(likes, 0) AS likes, coalesce(comments, 0) AS comments, coalesce(shares, 0) AS shares,
    coalesce(link_clicks, 0) AS link_clicks, coalesce(paid, 0) AS paid
  FROM (${rowsOfPeriod("posts", "*")})
),
-- Scanning again for each use costs less than keeping a million rows aside.
conversion_rows AS NOT MATERIALIZED (
  ${rowsOfPeriod("conversions", CONVERSION_COLUMNS)}
)`;

/**
 * The period's rows (PERIOD_ROWS_SQL) with its conversions in the reporting currency (DuckDB SQL
 * CTE `period_conversions`, and `rates`). Parameters: $ws, $from, $to, $currency.
 */
export const PERIOD_FACTS_SQL = `
${RATES_SQL},
${PERIOD_ROWS_SQL},
-- Only amounts in another currency need the rate join, which costs more than the rest of the query.
-- A sale or refund it finds no rate for is waiting for one (WAITING_FOR_RATE) and left out.
period_conversions AS (
  SELECT conversion_id, type, CASE WHEN type = 'sale' THEN coalesce(customer_id, conversion_id) END AS buyer,
    customer_id IS NOT NULL AS has_customer, occurred_at, network, campaign, post_id, day, amount FROM (
    SELECT *, coalesce(value, 0) AS amount FROM conversion_rows WHERE currency IS NULL OR currency = $currency OR value IS NULL
    UNION ALL
    SELECT c.*, c.value * r.rate_to_reporting FROM (
      SELECT * FROM conversion_rows WHERE currency <> $currency AND value IS NOT NULL) c
    ASOF LEFT JOIN rates r ON c.currency = r.currency AND c.day >= r.date
    WHERE r.rate_to_reporting IS NOT NULL OR c.type NOT IN ${REVENUE_TYPES})
)`;
