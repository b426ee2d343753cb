import { REVENUE_TYPES } from "../period/period-facts.js";
import { unitValueSql } from "./unit-value.js";

/**
 * Assigned value (DuckDB SQL): every countable outcome of the period — link clicks, engaged users,
 * thousands of impressions, comments, likes and shares from posts (lifetime, dated by publish day),
 * leads and custom conversions from conversions — times the unit value of the rule valid on that
 * day (a network-specific rule wins over a general one), converted at that day's rate.
 */

/** Each outcome of a post, as an expression over its figures. */
export const POST_OUTCOMES: Readonly<Record<string, string>> = {
  link_click: "CAST(link_clicks AS DOUBLE)",
  engaged_user: "CAST(engagements AS DOUBLE)",
  impressions_1000: "impressions / 1000.0",
  comment: "CAST(comments AS DOUBLE)",
  like: "CAST(likes AS DOUBLE)",
  share: "CAST(shares AS DOUBLE)",
};

/**
 * CTE `outcomes` (day, network, campaign, post_id, outcome, quantity) of the CTEs `period_posts`
 * and `period_conversions`.
 */
export const PERIOD_OUTCOMES_SQL = `
outcomes AS (
  SELECT day, network, campaign, post_id, outcome, quantity FROM (
    SELECT day, network, campaign, post_id,
      ${Object.entries(POST_OUTCOMES)
        .map(([outcome, quantity]) => `${quantity} AS "${outcome}"`)
        .join(", ")}
    FROM period_posts)
  UNPIVOT (quantity FOR outcome IN (${Object.keys(POST_OUTCOMES)
    .map((outcome) => `"${outcome}"`)
    .join(", ")}))
  UNION ALL
  SELECT day, network, campaign, post_id, type AS outcome, count(*) AS quantity FROM period_conversions
  WHERE type NOT IN ${REVENUE_TYPES} GROUP BY ALL
)`;

/**
 * CTE `outcome_values`: the rows of a CTE `outcomes` (with at least `day`, `network`,
 * `outcome` and `quantity`) that a rule values, with the rule and the value in the reporting
 * currency. `hasRates`: whether the workspace has currency rates; without any, a rule in another
 * currency values nothing, and the rate join is left out. Parameters: $ws, $currency.
 */
export function outcomeValuesSql(hasRates = true): string {
  return `
outcome_values AS (
  SELECT o.*, v.rule_id, o.quantity * v.unit_value * CASE WHEN v.currency = $currency THEN 1 ${hasRates ? "ELSE r.rate_to_reporting " : ""}END AS value
  FROM outcomes o
  JOIN (
    SELECT o2.day, o2.network, o2.outcome, v.rule_id, ${unitValueSql("v")} AS unit_value, v.currency FROM (SELECT DISTINCT day, network, outcome FROM outcomes) o2
    JOIN value_rules v ON v.workspace_id = $ws AND v.superseded_at IS NULL AND v.outcome = o2.outcome
      AND (v.valid_from IS NULL OR v.valid_from <= o2.day) AND (v.valid_to IS NULL OR v.valid_to >= o2.day)
      AND (v.network IS NULL OR v.network = o2.network)
    QUALIFY row_number() OVER (PARTITION BY o2.day, o2.network, o2.outcome ORDER BY v.network NULLS LAST, v.valid_from DESC NULLS LAST) = 1
  ) v ON v.day = o.day AND v.network IS NOT DISTINCT FROM o.network AND v.outcome = o.outcome
  ${hasRates ? "ASOF LEFT JOIN (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws) r\n    ON v.currency = r.currency AND o.day >= r.date" : ""}
  WHERE o.quantity <> 0
)`;
}

export const OUTCOME_VALUES_SQL = outcomeValuesSql();
