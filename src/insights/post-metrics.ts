import { z } from "zod";
import type { InsightMetric, PostMetric } from "../api/insights.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";

/** The metrics are part of the API's contract: defined there, named here for the insights. */
export {
  INSIGHT_METRICS,
  type InsightMetric,
  type PostMetric,
} from "../api/insights.js";

const METRIC_FORMULAS: Record<InsightMetric, string> = {
  engagement_rate: "engagements ÷ the workspace's denominator, per post",
  clicks: "link clicks per post",
  ctr: "link clicks ÷ impressions, per post",
  leads: "leads credited to the post (conversions with its post_id, any date)",
  revenue: "sales − refunds credited to the post (conversions with its post_id, any date)",
};

export function metricFormula(metric: PostMetric): string {
  return metric.startsWith("extra:")
    ? `${metric.slice(6)} per post (from the imported file)`
    : METRIC_FORMULAS[metric as InsightMetric];
}

/** A post of the period with its traits' raw material and its metric (null when it cannot be computed). */
export interface PostMetricRow {
  post_id: string;
  network: string;
  type: string | null;
  text: string | null;
  campaign: string | null;
  paid: number | null;
  weekday: number;
  hour: number;
  value: number | null;
}

const postMetricRow: z.ZodType<PostMetricRow> = z.object({
  post_id: z.string(),
  network: z.string(),
  type: z.string().nullable(),
  text: z.string().nullable(),
  campaign: z.string().nullable(),
  paid: z.number().nullable(),
  weekday: z.number(),
  hour: z.number(),
  value: z.number().nullable(),
});

function metricSql(metric: PostMetric, denominator: string): string {
  // "NaN" and "inf" read as numbers but measure nothing: such a cell is a figure that cannot be computed.
  if (metric.startsWith("extra:")) {
    const value = "TRY_CAST(json_extract_string(x.extra, $extra_path) AS DOUBLE)";
    return `CASE WHEN isfinite(${value}) THEN ${value} END`;
  }
  // Raw columns, not period_posts' zero-filled ones: a network that reports no clicks has no CTR, not 0.
  return {
    engagement_rate: `x.engagements / nullif(${denominator}, 0)`,
    clicks: "CAST(x.link_clicks AS DOUBLE)",
    ctr: "x.link_clicks / nullif(x.impressions, 0)",
    leads: "CAST(coalesce(c.leads, 0) AS DOUBLE)",
    revenue: "coalesce(c.revenue, 0)",
  }[metric as InsightMetric];
}

/**
 * The CTE `post_metrics` (DuckDB SQL): every post published in the period with its weekday (1 =
 * Monday) and hour in the workspace's time zone, and its metric. Conversions count for a post
 * whenever they happened, as its other figures are lifetime figures.
 */
export function postMetricsSql(workspace: Workspace, metric: PostMetric): string {
  const denominator = {
    impressions: "x.impressions",
    reach: "x.reach",
    followers: "f.followers",
  }[workspace.engagement_denominator];
  return `${PERIOD_FACTS_SQL},
  followers AS (SELECT network, date, max(followers) AS followers FROM account_days WHERE workspace_id = $ws AND followers IS NOT NULL GROUP BY ALL),
  credited AS (
    SELECT post_id, count(*) FILTER (WHERE type = 'lead') AS leads,
      sum(CASE type WHEN 'sale' THEN amount WHEN 'refund' THEN -abs(amount) ELSE 0 END) AS revenue
    FROM (
      SELECT k.post_id, k.type, coalesce(k.value, 0) * CASE WHEN k.currency IS NULL OR k.currency = $currency THEN 1 ELSE r.rate_to_reporting END AS amount
      FROM (SELECT *, local_day AS day FROM conversions WHERE workspace_id = $ws AND post_id IS NOT NULL) k
      ASOF LEFT JOIN rates r ON k.currency = r.currency AND k.day >= r.date)
    GROUP BY post_id),
  post_metrics AS (
    SELECT p.post_id, p.network, p.type, x.text, p.campaign, x.paid, p.day,
      isodow(timezone($tz, x.published_at)) AS weekday, hour(timezone($tz, x.published_at)) AS hour,
      CAST(${metricSql(metric, denominator)} AS DOUBLE) AS value
    FROM period_posts p
    JOIN posts x ON x.workspace_id = $ws AND x.network = p.network AND x.post_id = p.post_id
    ASOF LEFT JOIN followers f ON f.network = p.network AND p.day >= f.date
    LEFT JOIN credited c ON c.post_id = p.post_id)`;
}

export function postMetricsParams(workspace: Workspace, period: Period, metric: PostMetric) {
  return {
    ws: workspace.id,
    tz: workspace.timezone,
    currency: workspace.currency,
    extra_path: metric.startsWith("extra:") ? `$."${metric.slice(6).replaceAll('"', '\\"')}"` : "",
    ...period,
  };
}

export async function loadPostMetrics(
  store: Store,
  workspace: Workspace,
  period: Period,
  metric: PostMetric,
): Promise<PostMetricRow[]> {
  const query = defineQuery("insights/post-metrics", postMetricRow, {
    duckdb: castDateParams(
      `WITH ${postMetricsSql(workspace, metric)}
       SELECT post_id, network, type, text, campaign, paid, weekday, hour, value FROM post_metrics ORDER BY network, post_id`,
      ["from", "to"],
    ),
  });
  return runQuery(store, query, postMetricsParams(workspace, period, metric));
}
