/**
 * Posts and conversions of a period in the workspace's time zone and reporting currency (DuckDB
 * SQL CTEs `period_posts` and `period_conversions`). Posts carry lifetime figures and are dated by
 * their publish day; daily account figures are never mixed in. Parameters: $ws, $from, $to, $tz, $currency.
 */
export const PERIOD_FACTS_SQL = `
rates AS (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws),
period_posts AS (
  SELECT post_id, network, campaign, type, CAST(timezone($tz, published_at) AS DATE) AS day,
    coalesce(impressions, 0) AS impressions, coalesce(reach, 0) AS reach, coalesce(engagements, 0) AS engagements,
    coalesce(likes, 0) AS likes, coalesce(comments, 0) AS comments, coalesce(shares, 0) AS shares,
    coalesce(link_clicks, 0) AS link_clicks, coalesce(paid, 0) AS paid
  FROM posts WHERE workspace_id = $ws AND CAST(timezone($tz, published_at) AS DATE) BETWEEN $from AND $to
),
period_conversions AS (
  SELECT c.conversion_id, c.type, coalesce(c.customer_id, c.conversion_id) AS buyer, c.network, c.campaign, c.post_id, c.day,
    CASE WHEN c.value IS NULL THEN 0 WHEN c.currency IS NULL OR c.currency = $currency THEN c.value
      ELSE c.value * r.rate_to_reporting END AS amount
  FROM (SELECT *, CAST(timezone($tz, occurred_at) AS DATE) AS day FROM conversions
        WHERE workspace_id = $ws AND CAST(timezone($tz, occurred_at) AS DATE) BETWEEN $from AND $to) c
  ASOF LEFT JOIN rates r ON c.currency = r.currency AND c.day >= r.date
)`;
