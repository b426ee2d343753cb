/**
 * Cost entries as dated lines in the reporting currency (DuckDB SQL). A one-off cost is one line;
 * a cost with an end date is spread evenly by day over date…end_date (both inclusive); a monthly
 * cost recurs on the day of its date each month until end_date (or the end of the period asked).
 * Each line converts with the latest rate on or before its own day.
 *
 * Parameters: $ws, $from, $to (DATE), $currency (reporting). Days and months are unnested in the
 * select list: a lateral join over the costs took longer to plan than to run.
 */

/** Which kinds of cost a period has: a query leaves out the passes of the others. */
export interface CostKinds {
  /** A cost with an end date, spread by day. */
  spread: boolean;
  monthly: boolean;
}

const ONE_OFF_COSTS = `SELECT cost_id, date AS day, amount, currency, category, network, campaign FROM costs
  WHERE workspace_id = $ws AND end_date IS NULL AND recurrence IS NULL AND date BETWEEN $from AND $to`;

/** A cost with an end date that overlaps the period, spread by day (a condition over `costs`). */
export const SPREAD_COST =
  "recurrence IS NULL AND end_date IS NOT NULL AND end_date >= date AND date <= $to AND end_date >= $from";

const SPREAD_COSTS = `SELECT cost_id, CAST(unnest(generate_series(CAST(greatest(date, $from) AS TIMESTAMP), CAST(least(end_date, $to) AS TIMESTAMP), INTERVAL 1 DAY)) AS DATE) AS day,
    amount / (date_diff('day', date, end_date) + 1), currency, category, network, campaign
  FROM costs WHERE workspace_id = $ws AND ${SPREAD_COST}`;

/** A monthly cost that recurs in the period (a condition over `costs`). */
export const MONTHLY_COST = "recurrence = 'monthly' AND date <= $to";

const MONTHLY_COSTS = `SELECT cost_id, CAST(date + to_months(CAST(unnest(range(0, date_diff('month', date, least(coalesce(end_date, $to), $to)) + 1)) AS INTEGER)) AS DATE) AS day,
    amount, currency, category, network, campaign
  FROM costs WHERE workspace_id = $ws AND ${MONTHLY_COST}`;

const EVERY_KIND: CostKinds = { spread: true, monthly: true };

/**
 * The CTEs `cost_occurrences` and `cost_lines`. `hasRates`: whether the workspace has currency
 * rates; without any, an amount in another currency converts to nothing, and the rate join is
 * left out. `kinds`: the kinds of cost the period has (DuckDB binds every pass, empty or not).
 */
export function costLinesSql(hasRates = true, kinds: CostKinds = EVERY_KIND): string {
  const occurrences = [
    ONE_OFF_COSTS,
    ...(kinds.spread ? [SPREAD_COSTS] : []),
    ...(kinds.monthly ? [MONTHLY_COSTS] : []),
  ];
  return `
cost_occurrences AS (
  ${occurrences.join("\n  UNION ALL\n  ")}
),
cost_lines AS (
  SELECT o.cost_id, o.day, o.category, o.network, o.campaign,
    CASE WHEN o.currency = $currency THEN o.amount ${hasRates ? "ELSE o.amount * r.rate_to_reporting " : ""}END AS amount
  FROM cost_occurrences o
  ${hasRates ? "ASOF LEFT JOIN (SELECT currency, date, rate_to_reporting FROM currency_rates WHERE workspace_id = $ws) r\n    ON o.currency = r.currency AND o.day >= r.date" : ""}
  WHERE o.day BETWEEN $from AND $to
)`;
}

export const COST_LINES_SQL = costLinesSql();
