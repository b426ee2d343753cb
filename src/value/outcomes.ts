/**
 * Assigned value (DuckDB SQL): every countable outcome of the period — link clicks, engaged users,
 * thousands of impressions, comments, likes and shares from posts (lifetime, dated by publish day),
 * leads and custom conversions from conversions — times the unit value of the rule valid on that
 * day (a network-specific rule wins over a general one), converted at that day's rate.
 *
 * Needs the CTEs \`period_posts\` and \`period_conversions\` (with \`day\`, \`network\`, \`campaign\`,
 * \`post_id\`), and parameters $ws, $currency.
 */
export const OUTCOME_VALUES_SQL = `
outcomes AS (
  SELECT day, network, campaign, post_id, outcome, quantity FROM (
    SELECT day, network, campaign, post_id, CAST(link_clicks AS DOUBLE) AS link_clicks,
      CAST(engagements AS DOUBLE) AS engagements, impressions / 1000.0 AS impressions_1000,
      CAST(comments AS DOUBLE) AS comments, CAST(likes AS DOUBLE) AS likes, CAST(shares AS DOUBLE) AS shares
    FROM period_posts)
  UNPIVOT (quantity FOR outcome IN (
    link_clicks AS 'link_click', engagements AS 'engaged_user', impressions_1000 AS 'impressions_1000',
    comments AS 'comment', likes AS 'like', shares AS 'share'))
  UNION ALL
  SELECT day, network, campaign, post_id, type AS outcome, count(*) AS quantity FROM period_conversions
  WHERE type NOT IN ('sale', 'refund') GROUP BY ALL
),
outcome_values AS (
  SELECT o.day, o.network, o.campaign, o.post_id, o.outcome, o.quantity,
    v.rule_id, o.quantity * v.unit_value * CASE WHEN v.currency = $currency THEN 1 ELSE r.rate_to_reporting END AS value
  FROM outcomes o
  JOIN (
    SELECT o2.day, o2.network, o2.outcome, v.rule_id, v.unit_value, v.currency FROM (SELECT DISTINCT day, network, outcome FROM outcomes) o2
    JOIN value_rules v ON v.workspace_id = $ws AND v.superseded_at IS NULL AND v.outcome = o2.outcome
      AND (v.valid_from IS NULL OR v.valid_from <= o2.day) AND (v.valid_to IS NULL OR v.valid_to >= o2.day)
      AND (v.network IS NULL OR v.network = o2.network)
    QUALIFY row_number() OVER (PARTITION BY o2.day, o2.network, o2.outcome ORDER BY v.network NULLS LAST, v.valid_from DESC NULLS LAST) = 1
  ) v ON v.day = o.day AND v.network IS NOT DISTINCT FROM o.network AND v.outcome = o.outcome
  ASOF LEFT JOIN (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws) r
    ON v.currency = r.currency AND o.day >= r.date
  WHERE o.quantity <> 0
)`;
