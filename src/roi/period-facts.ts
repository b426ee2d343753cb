/**
 * Posts and conversions of a period in the workspace's time zone and reporting currency (DuckDB
 * SQL CTEs `period_posts` and `period_conversions`). Posts carry lifetime figures and are dated by
 * their publish day; daily account figures are never mixed in. Parameters: $ws, $from, $to, $tz, $currency.
 */
export const PERIOD_FACTS_SQL = `
rates AS (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws),
period_posts AS MATERIALIZED (
  SELECT post_id, network, campaign, type, CAST(timezone($tz, published_at) AS DATE) AS day,
    coalesce(impressions, 0) AS impressions, coalesce(reach, 0) AS reach, coalesce(engagements, 0) AS engagements,
    coalesce(likes, 0) AS likes, coalesce(comments, 0) AS comments, coalesce(shares, 0) AS shares,
    coalesce(link_clicks, 0) AS link_clicks, coalesce(paid, 0) AS paid
  FROM posts WHERE workspace_id = $ws AND CAST(timezone($tz, published_at) AS DATE) BETWEEN $from AND $to
),
period_conversions AS MATERIALIZED (
  WITH base AS (
    SELECT type, CASE WHEN type = 'sale' THEN coalesce(customer_id, conversion_id) END AS buyer,
      customer_id IS NOT NULL AS has_customer, occurred_at, network, campaign, post_id, value, currency,
      CAST(timezone($tz, occurred_at) AS DATE) AS day
    FROM conversions WHERE workspace_id = $ws AND CAST(timezone($tz, occurred_at) AS DATE) BETWEEN $from AND $to)
  -- Only amounts in another currency need the rate join, which costs more than the rest of the query.
  SELECT type, buyer, has_customer, occurred_at, network, campaign, post_id, day, coalesce(value, 0) AS amount FROM base
  WHERE currency IS NULL OR currency = $currency OR value IS NULL
  UNION ALL
  SELECT c.type, c.buyer, c.has_customer, c.occurred_at, c.network, c.campaign, c.post_id, c.day, c.value * r.rate_to_reporting
  FROM (SELECT * FROM base WHERE currency <> $currency AND value IS NOT NULL) c
  ASOF LEFT JOIN rates r ON c.currency = r.currency AND c.day >= r.date
)`;
