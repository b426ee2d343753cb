/**
 * Posts and conversions of a period in the workspace's time zone and reporting currency (DuckDB
 * SQL CTEs `period_posts` and `period_conversions`). Posts carry lifetime figures and are dated by
 * their publish day; daily account figures are never mixed in. Parameters: $ws, $from, $to, $tz, $currency.
 */
/** The local day of an instant; ICU's time zone conversion is the costliest step, so UTC skips it. */
function localDay(instant: string): string {
  return `CASE WHEN $tz = 'UTC' THEN CAST(${instant} AS DATE) ELSE CAST(timezone($tz, ${instant}) AS DATE) END`;
}

/** Instants of the period's local days, as constants a scan can filter on before any conversion. */
const PERIOD_INSTANTS = (column: string) =>
  `${column} >= timezone($tz, CAST($from AS TIMESTAMP)) AND ${column} < timezone($tz, CAST($to AS TIMESTAMP) + INTERVAL 1 DAY)`;

const CONVERSION_COLUMNS = `type, CASE WHEN type = 'sale' THEN coalesce(customer_id, conversion_id) END AS buyer,
    customer_id IS NOT NULL AS has_customer, occurred_at, network, campaign, post_id, ${localDay("occurred_at")} AS day`;

export const PERIOD_FACTS_SQL = `
rates AS (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws),
period_posts AS MATERIALIZED (
  SELECT post_id, network, campaign, type, ${localDay("published_at")} AS day,
    coalesce(impressions, 0) AS impressions, coalesce(reach, 0) AS reach, coalesce(engagements, 0) AS engagements,
    coalesce(likes, 0) AS likes, coalesce(comments, 0) AS comments, coalesce(shares, 0) AS shares,
    coalesce(link_clicks, 0) AS link_clicks, coalesce(paid, 0) AS paid
  FROM posts WHERE workspace_id = $ws AND ${PERIOD_INSTANTS("published_at")}
),
-- Only amounts in another currency need the rate join, which costs more than the rest of the query.
period_conversions AS MATERIALIZED (
  SELECT ${CONVERSION_COLUMNS}, coalesce(value, 0) AS amount FROM conversions
  WHERE workspace_id = $ws AND ${PERIOD_INSTANTS("occurred_at")} AND (currency IS NULL OR currency = $currency OR value IS NULL)
  UNION ALL
  SELECT c.* EXCLUDE (value, currency), c.value * r.rate_to_reporting FROM (
    SELECT ${CONVERSION_COLUMNS}, value, currency FROM conversions
    WHERE workspace_id = $ws AND ${PERIOD_INSTANTS("occurred_at")} AND currency <> $currency AND value IS NOT NULL) c
  ASOF LEFT JOIN rates r ON c.currency = r.currency AND c.day >= r.date
)`;
