/**
 * Posts and conversions of a period in the workspace's time zone and reporting currency (DuckDB
 * SQL CTEs `period_posts` and `period_conversions`, over `conversion_rows` in the original
 * currency). Posts carry lifetime figures and are dated by their publish day; daily account figures
 * are never mixed in. Parameters: $ws, $from, $to, $tz, $currency.
 */

/**
 * Rows of the period with their local `day`: the one stored when they were written (see
 * store/local-days.ts), or for rows written without one, computed from their instant. Those are
 * gathered once (`unstamped_<table>`): planning each time zone conversion costs more than
 * filtering a million rows.
 */
function unstampedRows(table: string, instant: string, columns: string): string {
  return `unstamped_${table} AS MATERIALIZED (
  SELECT * FROM (SELECT ${columns}, CAST(timezone($tz, ${instant}) AS DATE) AS day FROM ${table}
    WHERE workspace_id = $ws AND local_day IS NULL)
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
)`;
}

function rowsOfPeriod(table: string, columns: string, hasUnstampedRows: boolean): string {
  return `SELECT ${columns}, local_day AS day FROM ${table}
    WHERE workspace_id = $ws AND local_day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
  ${hasUnstampedRows ? `UNION ALL SELECT * FROM unstamped_${table}` : ""}`;
}

const CONVERSION_COLUMNS =
  "conversion_id, type, value, currency, customer_id, occurred_at, network, campaign, post_id";

/** `hasUnstampedRows`: whether some rows of the workspace lack a stored local day (see `HAS_UNSTAMPED_ROWS_SQL`). */
export function periodFactsSql(hasUnstampedRows = true): string {
  return `
rates AS (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws),
${hasUnstampedRows ? `${unstampedRows("posts", "published_at", "*")}, ${unstampedRows("conversions", "occurred_at", CONVERSION_COLUMNS)},` : ""}
period_posts AS (
  SELECT post_id, network, campaign, type, day,
    coalesce(impressions, 0) AS impressions, coalesce(reach, 0) AS reach, coalesce(engagements, 0) AS engagements,
    coalesce(likes, 0) AS likes, coalesce(comments, 0) AS comments, coalesce(shares, 0) AS shares,
    coalesce(link_clicks, 0) AS link_clicks, coalesce(paid, 0) AS paid
  FROM (${rowsOfPeriod("posts", "*", hasUnstampedRows)})
),
-- Scanning again for each use costs less than keeping a million rows aside.
conversion_rows AS NOT MATERIALIZED (
  ${rowsOfPeriod("conversions", CONVERSION_COLUMNS, hasUnstampedRows)}
),
-- Only amounts in another currency need the rate join, which costs more than the rest of the query.
period_conversions AS (
  SELECT type, CASE WHEN type = 'sale' THEN coalesce(customer_id, conversion_id) END AS buyer,
    customer_id IS NOT NULL AS has_customer, occurred_at, network, campaign, post_id, day, amount FROM (
    SELECT *, coalesce(value, 0) AS amount FROM conversion_rows WHERE currency IS NULL OR currency = $currency OR value IS NULL
    UNION ALL
    SELECT c.*, c.value * r.rate_to_reporting FROM (
      SELECT * FROM conversion_rows WHERE currency <> $currency AND value IS NOT NULL) c
    ASOF LEFT JOIN rates r ON c.currency = r.currency AND c.day >= r.date)
)`;
}

export const PERIOD_FACTS_SQL = periodFactsSql();

/** True when some post or conversion of the workspace ($ws) was written without its local day. */
export const HAS_UNSTAMPED_ROWS_SQL = `EXISTS (SELECT 1 FROM posts WHERE workspace_id = $ws AND local_day IS NULL)
  OR EXISTS (SELECT 1 FROM conversions WHERE workspace_id = $ws AND local_day IS NULL)`;
