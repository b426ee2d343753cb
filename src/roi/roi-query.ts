import { z } from "zod";
import { type RoiLevel, type RoiRow, roiSumsSchema } from "../api/analytics.js";
import { journeySalesSql } from "../attribution/store-journeys.js";
import { costLinesSql, MONTHLY_COST, SPREAD_COST } from "../costs/cost-lines.js";
import { ALLOCATED_COSTS_SQL } from "../costs/full-cost.js";
import type { AllocationRule } from "../domain/workspace.js";
import { roiRatios } from "../metrics/catalogue.js";
import {
  PERIOD_FACTS_SQL,
  PERIOD_ROWS_SQL,
  RATE_STARTS_SQL,
  RATES_SQL,
  REVENUE_TYPES,
  rowsOfPeriod,
  WAITING_FOR_RATE,
  WAITING_WITHOUT_RATES,
} from "../period/period-facts.js";
import { defineQuery, runQuery, runQueryForOne } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Params, Store } from "../store/store.js";
import { outcomeValuesSql, POST_OUTCOMES } from "../value/outcomes.js";
import { type RevenueAttribution, undirectedSaleDaySql } from "./attribute-revenue.js";

/** The rows are the API's ROI rows: one definition for the query and its callers. */
export type { RoiRow } from "../api/analytics.js";
/** The levels are part of the API's contract: defined there, named here for the figures. */
export { ROI_LEVELS, type RoiLevel } from "../api/analytics.js";

export interface RoiQuery {
  workspaceId: string;
  from: string;
  to: string;
  level: RoiLevel;
  currency: string;
  allocation: AllocationRule;
}

/** Rows without the dimension asked for (a conversion with no network, …) are grouped under this key. */
export const NO_KEY = "(none)";
export { UNALLOCATED_KEY } from "../costs/full-cost.js";

/**
 * Each level's key: the value rows are grouped by (cheap to compare), and its text in the report.
 * A level that cuts the period in stretches of time says when a key's stretch starts (`start`):
 * a customer is new in the stretch of their first purchase only, not in each one they buy in.
 */
const KEYS: Record<
  RoiLevel,
  { value: string; text: (value: string) => string; start?: (value: string) => string }
> = {
  network: { value: "network", text: (value) => value },
  campaign: { value: "campaign", text: (value) => value },
  month: {
    value: "date_trunc('month', day)",
    text: (value) => `strftime(${value}, '%Y-%m')`,
    start: (value) => `greatest(CAST($from AS DATE), CAST(${value} AS DATE))`,
  },
  post: { value: "post_id", text: (value) => value },
};

/** The key of the grand-total grouping set; no network, campaign, month or post id looks like it. */
const TOTAL_KEY = "\u0001total";

/** Credits from journeys, bound as lists of the same length (unnested side by side). */
const ATTRIBUTED_REVENUE_SQL = `SELECT unnest($credit_keys::VARCHAR[]) AS key, unnest($credit_revenues::DOUBLE[]) AS revenue,
  unnest($credit_customers::DOUBLE[]) AS customers, unnest($credit_new_customers::DOUBLE[]) AS new_customers`;

/**
 * Of the sales of a key, those whose revenue the journeys credited, so they are not counted a
 * second time by their own key.
 */
function attributedSalesCondition(attribution: RevenueAttribution): string {
  return `customer_id IS NOT NULL${attribution.scope === "undirected" ? " AND key_value IS NULL" : ""}`;
}

/** What the period's data asks of the query: the passes that cannot change a figure are left out. */
const roiScopeRow = z.object({
  rule_outcomes: z.array(z.string()),
  rules_by_day: z.boolean(),
  rules_by_network: z.boolean(),
  has_rates: z.boolean(),
  has_shared_costs: z.boolean(),
  has_undirected_sales: z.boolean(),
  has_earlier_buyers: z.boolean(),
  has_spread_costs: z.boolean(),
  has_monthly_costs: z.boolean(),
  has_foreign_amounts: z.boolean(),
});

export interface RoiScope {
  /**
   * Outcomes a value rule values on some day of the period, once per rule: they are only looked
   * up, and DISTINCT made the scope's query half as slow again.
   */
  rule_outcomes: string[];
  /** A rule starts or ends inside the period, or is in another currency: outcomes are valued day by day. */
  rules_by_day: boolean;
  /** A rule is for one network only: outcomes are valued network by network. */
  rules_by_network: boolean;
  /** Amounts in other currencies can be converted: without rates they count for nothing. */
  has_rates: boolean;
  /** Some costs lack the dimension asked for, and are shared out by the allocation rule. */
  has_shared_costs: boolean;
  /** Sales without the dimension asked for may be in the period, to credit through journeys. */
  has_undirected_sales: boolean;
  /** Sales before the period: their customers, in it, are customers again but not new ones. */
  has_earlier_buyers: boolean;
  /** Costs spread over days, and monthly ones, in the period: each kind is a pass of its own. */
  has_spread_costs: boolean;
  has_monthly_costs: boolean;
  /** Sales or refunds of the period with an amount in another currency: only they can wait for a rate. */
  has_foreign_amounts: boolean;
}

/**
 * Each identified customer's first purchase (`first_day`), among the sales that can make them a
 * returning customer: those before the period, and for a level in stretches of time those of
 * earlier stretches too.
 */
function firstPurchasesSql(level: RoiLevel): string {
  const until = KEYS[level].start ? "<= CAST($to AS DATE)" : "< CAST($from AS DATE)";
  return `first_purchases AS (
  SELECT customer_id, min(local_day) AS first_day FROM conversions
  WHERE workspace_id = $ws AND type = 'sale' AND customer_id IS NOT NULL AND local_day ${until} GROUP BY customer_id
)`;
}

/**
 * Customers who bought before their key's stretch of the period (before the period for the total
 * and for levels without stretches), over sales joined to `first_purchases`. A key counts only the
 * sales it is not credited through journeys (`uncredited`); the total counts them all.
 */
function returningCustomersSql(level: RoiLevel, uncredited: string | undefined, total: boolean): string {
  const start = KEYS[level].start;
  const before = total || !start ? "CAST($from AS DATE)" : start("key_value");
  const only = total || !uncredited ? "" : ` AND ${uncredited}`;
  return `count(DISTINCT customer_id) FILTER (WHERE first_day < ${before}${only})`;
}

/** Costs without the dimension (over `costs`); every cost line has a month, and none has a post. */
const SHARED_COST: Record<RoiLevel, string> = {
  network: "network IS NULL",
  campaign: "campaign IS NULL",
  month: "false",
  post: "true",
};

/** Whether some row of the aggregate's rows meets `condition`. */
const anyRow = (condition: string) => `coalesce(bool_or(${condition}), false)`;

/**
 * One aggregate per table read: the facts of a table as tests in one pass over the workspace's
 * rows (its costs, its counts by day: thousands of rows, where `conversions` has millions) took
 * a third of the time of an existence test each, the statement's fixed cost growing with each
 * subquery more than its work did.
 */
function roiScopeSql(level: RoiLevel): string {
  const undirected = level === "network" || level === "campaign" ? undirectedSaleDaySql(level) : "false";
  return `SELECT * FROM (
  SELECT coalesce(list(outcome), []) AS rule_outcomes,
    ${anyRow("valid_from > $from OR valid_to < $to OR currency <> $currency")} AS rules_by_day,
    ${anyRow("network IS NOT NULL")} AS rules_by_network
  FROM value_rules
  WHERE workspace_id = $ws AND superseded_at IS NULL AND outcome NOT IN ${REVENUE_TYPES}
    AND (valid_from IS NULL OR valid_from <= $to) AND (valid_to IS NULL OR valid_to >= $from)
), (
  SELECT EXISTS (SELECT 1 FROM currency_rates WHERE workspace_id = $ws) AS has_rates
), (
  SELECT ${anyRow(SHARED_COST[level])} AS has_shared_costs, ${anyRow(SPREAD_COST)} AS has_spread_costs,
    ${anyRow(MONTHLY_COST)} AS has_monthly_costs
  FROM costs WHERE workspace_id = $ws
), (
  SELECT ${anyRow(undirected)} AS has_undirected_sales,
    ${anyRow("type = 'sale' AND local_day < $from")} AS has_earlier_buyers,
    ${anyRow(`type IN ${REVENUE_TYPES} AND currency <> $currency AND amount IS NOT NULL AND local_day BETWEEN $from AND $to`)}
      AS has_foreign_amounts
  FROM conversion_days WHERE workspace_id = $ws
)`;
}

/**
 * Where outcomes are counted: at the day only when a rule changes inside the period, at the
 * network only when a rule is for one network. Otherwise a constant stands in, under which every
 * rule of the period applies alike.
 */
function ruleGrain(scope: RoiScope): { columns: string[]; day: string; network: string } {
  return {
    columns: [...(scope.rules_by_day ? ["day"] : []), ...(scope.rules_by_network ? ["network"] : [])],
    day: scope.rules_by_day ? "day" : "CAST($from AS DATE)",
    network: scope.rules_by_network ? "network" : "CAST(NULL AS VARCHAR)",
  };
}

/** Outcomes of posts and conversions per key that rules value, with their value (`outcome_values`). */
function valuedOutcomesSql(scope: RoiScope): string {
  const { day, network } = ruleGrain(scope);
  const postOutcomes = Object.entries(POST_OUTCOMES).filter(([o]) => scope.rule_outcomes.includes(o));
  const fromPosts = `SELECT day, network, key, outcome, quantity FROM (
    SELECT ${day} AS day, ${network} AS network, key,
      ${postOutcomes.map(([outcome, quantity]) => `sum(${quantity}) AS "${outcome}"`).join(", ")}
    FROM keyed_posts GROUP BY ALL)
  UNPIVOT (quantity FOR outcome IN (${postOutcomes.map(([outcome]) => `"${outcome}"`).join(", ")}))
  UNION ALL`;
  return `outcomes AS (
  ${postOutcomes.length ? fromPosts : ""}
  SELECT ${day} AS day, ${network} AS network, key, type AS outcome, sum(n) AS quantity FROM conversion_counts
  WHERE list_contains($rule_outcomes, type) GROUP BY ALL
),${outcomeValuesSql(scope.has_rates)}`;
}

/** Whether a sale's wait for a rate depends on the day the currency's first rate came (`rate_starts`). */
const waitsForRateStart = (scope: RoiScope) => scope.has_foreign_amounts && scope.has_rates;

/**
 * The sales of the period that wait for a rate (left out until one comes): none without amounts in
 * another currency, all of those without any rate.
 */
function waitingForRates(scope: RoiScope): string | undefined {
  if (!scope.has_foreign_amounts) return undefined;
  return scope.has_rates ? WAITING_FOR_RATE : WAITING_WITHOUT_RATES;
}

/**
 * Conversions per key in passes that stay cheap over millions of rows: counts and refunded
 * amounts per type and currency (and at the rules' grain) from the counts by day (see
 * store/conversion-days.ts), then the sales alone for customers (a sale without a customer id is a
 * new customer of its own; the others are new unless they bought before the key's stretch of the
 * period, see `returningCustomersSql`; a sale waiting for a rate is no customer yet) and revenue.
 * Amounts in another currency are converted by `foreign_revenue`, day by day.
 */
function conversionFactsSql(
  level: RoiLevel,
  scope: RoiScope,
  attribution: RevenueAttribution | undefined,
): string {
  const grain = ruleGrain(scope).columns;
  const keyText = (value: string) => `coalesce(${KEYS[level].text(value)}, '${NO_KEY}')`;
  const keyedRows = `(SELECT *, ${KEYS[level].value} AS key_value FROM conversion_rows)`;
  const uncredited = attribution ? `NOT (${attributedSalesCondition(attribution)})` : undefined;
  const revenueFilter = uncredited ? ` AND ${uncredited}` : "";
  // In stretches of time, a customer of an earlier stretch returns in a later one even when no one bought before the period.
  const returning = scope.has_earlier_buyers || KEYS[level].start !== undefined;
  const waiting = waitingForRates(scope);
  // The total's distinct customers are counted on their own: as a grouping set beside the keys',
  // DuckDB counted both in one thread, at three times the work.
  const saleFigures = (total: boolean) => `${
    uncredited && !total
      ? `count(DISTINCT customer_id) FILTER (WHERE ${uncredited})`
      : "count(DISTINCT customer_id)"
  } + count(*) FILTER (WHERE customer_id IS NULL) AS customers,
    ${returning ? returningCustomersSql(level, uncredited, total) : "0"} AS returning_customers,
    sum(value) FILTER (WHERE (currency IS NULL OR currency = $currency)${revenueFilter}) AS revenue`;
  const counts = `conversion_counts AS (
  SELECT ${keyText("key_value")} AS key, type, currency, ${grain.map((g) => `${g}, `).join("")}
    sum(conversions) AS n, sum(amount) AS amount
  FROM (SELECT *, ${KEYS[level].value} AS key_value FROM (${rowsOfPeriod("conversion_days", "*")}))
  GROUP BY key_value, type, currency${grain.map((g) => `, ${g}`).join("")}
),
${returning ? `${firstPurchasesSql(level)},` : ""}
period_sales AS (
  SELECT * FROM ${keyedRows} ${returning ? "LEFT JOIN first_purchases USING (customer_id)" : ""}
    ${waitsForRateStart(scope) ? "LEFT JOIN rate_starts ON rate_currency = currency" : ""}
  WHERE type = 'sale' ${waiting ? `AND NOT ${waiting}` : ""}
),
sales_by_key AS (SELECT ${keyText("key_value")} AS key, ${saleFigures(false)} FROM period_sales GROUP BY key_value),
sales_total AS (SELECT ${saleFigures(true)} FROM period_sales)`;
  if (!scope.has_rates) return counts;
  return `${counts},
foreign_revenue AS (
  SELECT ${keyText("f.key_value")} AS key, f.revenue * r.rate_to_reporting AS revenue FROM (
    SELECT key_value, currency, day,
      coalesce(sum(value) FILTER (WHERE type = 'sale'${revenueFilter}), 0)
        - coalesce(sum(abs(value)) FILTER (WHERE type = 'refund'), 0) AS revenue
    FROM ${keyedRows} WHERE type IN ${REVENUE_TYPES} AND currency <> $currency AND value IS NOT NULL GROUP BY ALL) f
  ASOF LEFT JOIN rates r ON f.currency = r.currency AND f.day >= r.date
)`;
}

/**
 * The refunds netted into the sales the journeys credit (see `journeySalesSql`), given back to the
 * keys they were taken from, as the credit already carries them (`netted_refunds`).
 */
function nettedRefundsSql(level: RoiLevel, attribution: RevenueAttribution): string {
  return `${journeySalesSql({ level: level === "campaign" ? "campaign" : "network", sales: attribution.scope })},
netted_refunds AS (
  SELECT coalesce(${KEYS[level].text(KEYS[level].value)}, '${NO_KEY}') AS key, abs(amount) AS revenue FROM journey_refunds
)`;
}

/**
 * Every figure of a key comes in as rows of one long union (a column each, missing ones NULL) and
 * is summed by one grouping with the grand total beside it: five aggregations joined on their keys
 * took a third of the query's time in planning and pipelines when the data was small. Customers
 * alone do not add up across keys (one customer buys in several): the total takes them from
 * `sales_total`, which the journeys' credits, shares of the same customers, leave as it is.
 */
function roiSql(level: RoiLevel, scope: RoiScope, attribution?: RevenueAttribution): string {
  const key = KEYS[level].text(KEYS[level].value);
  const hasRules = scope.rule_outcomes.length > 0;
  const totalSales = (column: string) => `(SELECT ${column} FROM sales_total)`;
  const summed = (column: string) => `coalesce(sum(${column}), 0)`;
  // The journeys' credits net refunds over `period_conversions`; the rest converts amounts itself.
  const rates = waitsForRateStart(scope) ? `${RATE_STARTS_SQL},` : "";
  const period = attribution
    ? PERIOD_FACTS_SQL
    : `${scope.has_rates ? `${RATES_SQL},` : ""}${PERIOD_ROWS_SQL}`;
  return `WITH ${rates}${period}, ${costLinesSql(scope.has_rates, { spread: scope.has_spread_costs, monthly: scope.has_monthly_costs })},
keyed_costs AS (SELECT *, ${key} AS key FROM (SELECT *, CAST(NULL AS VARCHAR) AS post_id FROM cost_lines)),
keyed_posts AS (SELECT *, coalesce(${key}, '${NO_KEY}') AS key FROM period_posts),
${scope.has_shared_costs ? ALLOCATED_COSTS_SQL : "all_costs AS (SELECT key, category, amount FROM keyed_costs)"},
${conversionFactsSql(level, scope, attribution)},
${hasRules ? `${valuedOutcomesSql(scope)},` : ""}
${attribution ? `attributed_revenue AS (${ATTRIBUTED_REVENUE_SQL}), ${nettedRefundsSql(level, attribution)},` : ""}
facts AS (
  SELECT coalesce(key, '${NO_KEY}') AS key, sum(amount) AS cost, sum(amount) FILTER (WHERE category = 'ads') AS ad_spend
    FROM all_costs GROUP BY ALL
  UNION ALL BY NAME SELECT key, count(*) AS posts, sum(impressions) AS impressions, sum(reach) AS reach,
    sum(engagements) AS engagements, sum(link_clicks) AS clicks FROM keyed_posts GROUP BY key
  UNION ALL BY NAME SELECT key, CASE WHEN type = 'lead' THEN n END AS leads,
    CASE WHEN type = 'refund' AND (currency IS NULL OR currency = $currency) THEN -amount END AS revenue FROM conversion_counts
  UNION ALL BY NAME SELECT key, revenue, customers, customers - returning_customers AS new_customers
    FROM sales_by_key
  ${scope.has_rates ? "UNION ALL BY NAME SELECT key, revenue FROM foreign_revenue" : ""}
  ${attribution ? "UNION ALL BY NAME SELECT key, revenue FROM netted_refunds UNION ALL BY NAME SELECT key, revenue, customers, new_customers FROM attributed_revenue" : ""}
  ${hasRules ? "UNION ALL BY NAME SELECT key, value AS assigned_value FROM outcome_values" : ""}
),
figures AS (
  -- The grand total is the grouping set () beside the keys: one pass answers rows and total.
  SELECT CASE WHEN grouping(key) = 1 THEN '${TOTAL_KEY}' ELSE key END AS key, ${summed("cost")} AS cost, ${summed("ad_spend")} AS ad_spend,
    ${summed("revenue")} AS revenue, ${hasRules ? summed("assigned_value") : "0"} AS assigned_value,
    ${summed("leads")} AS leads,
    CASE WHEN grouping(key) = 1 THEN coalesce(${totalSales("customers")}, 0) ELSE ${summed("customers")} END AS customers,
    CASE WHEN grouping(key) = 1 THEN coalesce(${totalSales("customers - returning_customers")}, 0)
      ELSE ${summed("new_customers")} END AS new_customers,
    ${summed("clicks")} AS clicks, ${summed("impressions")} AS impressions,
    -- No post reached no one; posts none of which reports reach reached an unknown number.
    CASE WHEN ${summed("posts")} = 0 THEN 0 ELSE sum(reach) END AS reach,
    ${summed("engagements")} AS engagements, ${summed("posts")} AS posts
  FROM facts GROUP BY GROUPING SETS ((key), ())
),
-- Amounts are rounded to a millionth so that a cost spread over days adds back to what was entered.
rounded AS (
  SELECT * REPLACE (round(cost, 6) AS cost, round(ad_spend, 6) AS ad_spend, round(revenue, 6) AS revenue,
    round(assigned_value, 6) AS assigned_value) FROM figures
)
SELECT key, CAST(cost AS DOUBLE) AS cost, CAST(ad_spend AS DOUBLE) AS ad_spend, CAST(revenue AS DOUBLE) AS revenue,
  CAST(assigned_value AS DOUBLE) AS assigned_value, CAST(revenue + assigned_value AS DOUBLE) AS value,
  leads, customers, new_customers, clicks, impressions, reach, engagements, posts
FROM rounded
-- A key whose sales were all credited to others through journeys keeps nothing to show.
WHERE NOT (cost = 0 AND revenue = 0 AND assigned_value = 0 AND leads = 0 AND customers = 0 AND posts = 0)
ORDER BY key`;
}

function queryParams(q: RoiQuery, scope?: RoiScope, attribution?: RevenueAttribution): Params {
  // At post level, spend shares fall back to post shares since ad spend is not recorded per post.
  const rule = q.level === "post" && q.allocation === "spend" ? "posts" : q.allocation;
  const credits = attribution?.credits ?? [];
  return {
    ws: q.workspaceId,
    from: q.from,
    to: q.to,
    currency: q.currency,
    rule,
    rule_outcomes: scope?.rule_outcomes ?? [],
    credit_keys: credits.map((c) => c.key),
    credit_revenues: credits.map((c) => c.revenue),
    credit_customers: credits.map((c) => c.customers),
    credit_new_customers: credits.map((c) => c.new_customers),
  };
}

/** Scopes asked of a store, kept while its data stands (Store.dataVersion); a few hundred at most. */
const keptScopes = new WeakMap<Store, Map<string, { version: number; scope: Promise<RoiScope> }>>();
const MAX_KEPT_SCOPES = 256;

/**
 * What the period's data asks of the query. The scope is a statement of its own, whose fixed cost
 * (planning, a pipeline per table) was an eighth of a server's ROI question: it is kept for the
 * same question until the store's data may have changed.
 */
export function roiScope(store: Store, q: RoiQuery): Promise<RoiScope> {
  const query = defineQuery(`roi/scope-${q.level}`, roiScopeRow, {
    duckdb: castDateParams(roiScopeSql(q.level), ["from", "to"]),
  });
  const read = () => runQueryForOne(store, query, queryParams(q));
  const version = store.dataVersion();
  if (version === undefined) return read();
  const kept = keptScopes.get(store) ?? new Map<string, { version: number; scope: Promise<RoiScope> }>();
  keptScopes.set(store, kept);
  const key = JSON.stringify([q.workspaceId, q.level, q.from, q.to, q.currency]);
  const known = kept.get(key);
  if (known?.version === version) return known.scope;
  if (kept.size >= MAX_KEPT_SCOPES) kept.clear();
  const scope = read();
  kept.set(key, { version, scope });
  scope.catch(() => kept.delete(key));
  return scope;
}

/**
 * ROI per network, campaign, month or post. Shared costs (without the dimension asked for) are
 * allocated by the workspace's rule.
 */
export async function queryRoi(
  store: Store,
  q: RoiQuery,
  scope: RoiScope,
  attribution?: RevenueAttribution,
): Promise<{ rows: RoiRow[]; total: RoiRow | undefined }> {
  const query = defineQuery(`roi/by-${q.level}`, roiSumsSchema, {
    duckdb: castDateParams(roiSql(q.level, scope, attribution), ["from", "to"]),
  });
  // The ratios are the registry's, computed from the sums: one definition for every figure.
  const all = (await runQuery(store, query, queryParams(q, scope, attribution))).map((sums) => ({
    ...sums,
    ...roiRatios(sums),
  }));
  const total = all.find((r) => r.key === TOTAL_KEY);
  return { rows: all.filter((r) => r !== total), total: total && { ...total, key: "total" } };
}
