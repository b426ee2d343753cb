import { COST_LINES_SQL } from "../costs/cost-lines.js";
import type { AllocationRule } from "../domain/workspace.js";
import { quoteLiteral } from "../ingest/sql-parse.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { OUTCOME_VALUES_SQL } from "../value/outcomes.js";
import type { RevenueAttribution } from "./attribute-revenue.js";
import { PERIOD_FACTS_SQL } from "./period-facts.js";

export const ROI_LEVELS = ["network", "campaign", "month", "post"] as const;
export type RoiLevel = (typeof ROI_LEVELS)[number];

export interface RoiRow {
  key: string;
  cost: number;
  ad_spend: number;
  revenue: number;
  assigned_value: number;
  value: number;
  revenue_roi: number | null;
  total_roi: number | null;
  roas: number | null;
  leads: number;
  customers: number;
  clicks: number;
  impressions: number;
  reach: number;
  engagements: number;
  posts: number;
  cpl: number | null;
  cpa: number | null;
  cpc: number | null;
  cpm: number | null;
  ctr: number | null;
}

export interface RoiQuery {
  workspaceId: string;
  from: string;
  to: string;
  level: RoiLevel;
  timezone: string;
  currency: string;
  allocation: AllocationRule;
}

/** Rows without the dimension asked for (a conversion with no network, …) are grouped under this key. */
export const NO_KEY = "(none)";
export const UNALLOCATED_KEY = "(unallocated)";

const KEY_EXPRESSIONS: Record<RoiLevel, string> = {
  network: "network",
  campaign: "campaign",
  month: "strftime(day, '%Y-%m')",
  post: "post_id",
};

/** The key of the grand-total grouping set; no network, campaign, month or post id looks like it. */
const TOTAL_KEY = "\u0001total";

/** Each aggregation also yields the grand total (grouping set `()`), so one pass answers rows and total. */
function totalOr(keyExpression: string): string {
  return `CASE WHEN grouping(${keyExpression}) = 1 THEN '${TOTAL_KEY}' ELSE ${keyExpression} END`;
}

/** Credits from journeys as an inline table (a handful of networks or campaigns). */
function attributedRevenueSql(attribution: RevenueAttribution | undefined): string {
  const credits = attribution?.credits ?? [];
  if (credits.length === 0)
    return "SELECT CAST(NULL AS VARCHAR) AS key, CAST(NULL AS DOUBLE) AS revenue WHERE false";
  const rows = credits
    .map((c) => `(${quoteLiteral(c.key)}, CAST(${Number(c.revenue)} AS DOUBLE))`)
    .join(", ");
  return `SELECT * FROM (VALUES ${rows}) AS t(key, revenue)`;
}

/** The sales whose revenue the journeys credited, so they are not counted a second time by their own key. */
function attributedSalesCondition(attribution: RevenueAttribution | undefined, keyed: string): string {
  if (!attribution) return "false";
  const direct = attribution.scope === "undirected" ? ` AND ${keyed} = '${NO_KEY}'` : "";
  return `type = 'sale' AND has_customer${direct}`;
}

function roiSql(level: RoiLevel, attribution?: RevenueAttribution): string {
  const key = KEY_EXPRESSIONS[level];
  const keyed = `coalesce(${key}, '${NO_KEY}')`;
  return `WITH ${PERIOD_FACTS_SQL}, ${COST_LINES_SQL}, ${OUTCOME_VALUES_SQL},
keyed_costs AS (SELECT *, ${key} AS key FROM (SELECT *, CAST(NULL AS VARCHAR) AS post_id FROM cost_lines)),
units AS (SELECT ${key} AS key, network, campaign, count(*) AS n_posts, sum(impressions) AS impressions FROM period_posts GROUP BY ALL),
direct_spend AS (SELECT key, sum(amount) AS spend FROM keyed_costs WHERE key IS NOT NULL AND category = 'ads' GROUP BY key),
shared_costs AS (SELECT cost_id, network, campaign, category, sum(amount) AS amount FROM keyed_costs WHERE key IS NULL GROUP BY ALL),
weights AS (
  SELECT s.cost_id, s.category, u.key,
    CASE $rule WHEN 'posts' THEN sum(u.n_posts) WHEN 'impressions' THEN sum(u.impressions)
      WHEN 'equal' THEN 1 WHEN 'spend' THEN coalesce(any_value(d.spend), 0) ELSE 0 END AS weight
  FROM shared_costs s
  JOIN units u ON (s.network IS NULL OR s.network = u.network) AND (s.campaign IS NULL OR s.campaign = u.campaign)
  LEFT JOIN direct_spend d ON d.key IS NOT DISTINCT FROM u.key
  GROUP BY s.cost_id, s.category, u.key
),
allocated AS (
  SELECT w.key, w.category, s.amount * w.weight / sum(w.weight) OVER (PARTITION BY w.cost_id) AS amount
  FROM weights w JOIN shared_costs s USING (cost_id) WHERE w.weight > 0
),
all_costs AS (
  SELECT key, category, amount FROM keyed_costs WHERE key IS NOT NULL
  UNION ALL SELECT key, category, amount FROM allocated
  UNION ALL SELECT '${UNALLOCATED_KEY}', category, amount FROM shared_costs
    WHERE cost_id NOT IN (SELECT cost_id FROM weights WHERE weight > 0)
),
cost_by_key AS (
  SELECT ${totalOr(`coalesce(key, '${NO_KEY}')`)} AS key, sum(amount) AS cost, coalesce(sum(amount) FILTER (WHERE category = 'ads'), 0) AS ad_spend
  FROM all_costs GROUP BY GROUPING SETS ((coalesce(key, '${NO_KEY}')), ())),
posts_by_key AS (
  SELECT ${totalOr(keyed)} AS key, count(*) AS posts, sum(impressions) AS impressions, sum(reach) AS reach,
    sum(engagements) AS engagements, sum(link_clicks) AS clicks FROM period_posts GROUP BY GROUPING SETS ((${keyed}), ())
),
attributed_revenue AS (${attributedRevenueSql(attribution)}),
conversion_revenue AS (
  SELECT ${keyed} AS key, CASE WHEN type = 'refund' THEN -abs(amount) ELSE amount END AS revenue FROM period_conversions
  WHERE type IN ('sale', 'refund') AND NOT (${attributedSalesCondition(attribution, keyed)})
  UNION ALL SELECT key, revenue FROM attributed_revenue
),
revenue_by_key AS (
  SELECT ${totalOr("key")} AS key, sum(revenue) AS revenue FROM conversion_revenue GROUP BY GROUPING SETS ((key), ())
),
conversions_by_key AS (
  SELECT ${totalOr(keyed)} AS key, count(*) FILTER (WHERE type = 'lead') AS leads,
    count(DISTINCT buyer) FILTER (WHERE type = 'sale') AS customers
  FROM period_conversions GROUP BY GROUPING SETS ((${keyed}), ())
),
value_by_key AS (
  SELECT ${totalOr(keyed)} AS key, sum(value) AS assigned_value FROM outcome_values GROUP BY GROUPING SETS ((${keyed}), ())),
keys AS (
  SELECT key FROM cost_by_key UNION SELECT key FROM posts_by_key UNION SELECT key FROM conversions_by_key
  UNION SELECT key FROM revenue_by_key UNION SELECT key FROM value_by_key
),
figures AS (
  SELECT k.key, coalesce(c.cost, 0) AS cost, coalesce(c.ad_spend, 0) AS ad_spend, coalesce(rv.revenue, 0) AS revenue,
    coalesce(a.assigned_value, 0) AS assigned_value, coalesce(v.leads, 0) AS leads, coalesce(v.customers, 0) AS customers,
    coalesce(p.clicks, 0) AS clicks, coalesce(p.impressions, 0) AS impressions, coalesce(p.reach, 0) AS reach,
    coalesce(p.engagements, 0) AS engagements, coalesce(p.posts, 0) AS posts
  FROM keys k LEFT JOIN cost_by_key c USING (key) LEFT JOIN posts_by_key p USING (key)
  LEFT JOIN conversions_by_key v USING (key) LEFT JOIN revenue_by_key rv USING (key) LEFT JOIN value_by_key a USING (key)
),
-- Amounts are rounded to a millionth so that a cost spread over days adds back to what was entered.
rounded AS (
  SELECT * REPLACE (round(cost, 6) AS cost, round(ad_spend, 6) AS ad_spend, round(revenue, 6) AS revenue,
    round(assigned_value, 6) AS assigned_value) FROM figures
)
SELECT key, CAST(cost AS DOUBLE) AS cost, CAST(ad_spend AS DOUBLE) AS ad_spend, CAST(revenue AS DOUBLE) AS revenue,
  CAST(assigned_value AS DOUBLE) AS assigned_value, CAST(revenue + assigned_value AS DOUBLE) AS value,
  (revenue - cost) / nullif(cost, 0) AS revenue_roi, (revenue + assigned_value - cost) / nullif(cost, 0) AS total_roi,
  revenue / nullif(ad_spend, 0) AS roas, leads, customers, clicks, impressions, reach, engagements, posts,
  cost / nullif(leads, 0) AS cpl, cost / nullif(customers, 0) AS cpa, ad_spend / nullif(clicks, 0) AS cpc,
  ad_spend / nullif(impressions, 0) * 1000 AS cpm, clicks / nullif(impressions, 0) AS ctr
FROM rounded ORDER BY key`;
}

/**
 * ROI per network, campaign, month or post. Shared costs (without the dimension asked for) are
 * allocated by the workspace's rule; at post level, spend shares fall back to post shares since
 * ad spend is not recorded per post.
 */
export async function queryRoi(
  store: Store,
  q: RoiQuery,
  attribution?: RevenueAttribution,
): Promise<{ rows: RoiRow[]; total: RoiRow | undefined }> {
  const rule = q.level === "post" && q.allocation === "spend" ? "posts" : q.allocation;
  const all = await store.all<RoiRow>(castDateParams(roiSql(q.level, attribution), ["from", "to"]), {
    ws: q.workspaceId,
    from: q.from,
    to: q.to,
    tz: q.timezone,
    currency: q.currency,
    rule,
  });
  const total = all.find((r) => r.key === TOTAL_KEY);
  return { rows: all.filter((r) => r !== total), total: total && { ...total, key: "total" } };
}
