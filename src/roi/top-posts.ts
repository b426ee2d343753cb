import { type PostPerformance, postPerformanceSchema } from "../api/posts.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { OUTCOME_VALUES_SQL, PERIOD_OUTCOMES_SQL } from "../value/outcomes.js";

/** The rows are the API's: one definition for the query and its callers. */
export type { PostPerformance } from "../api/posts.js";

export interface TopPostsOptions {
  limit: number;
  order: "best" | "worst";
  metric?: "engagement_rate" | "value" | "clicks";
}

const ORDER_COLUMNS = { engagement_rate: "engagement_rate", value: "value", clicks: "link_clicks" } as const;

/**
 * Best or worst posts of the period. Engagement rate uses the workspace's denominator; at "followers"
 * it divides by the followers of the post's network on its publish day (or the latest day before).
 * A post's value is its direct revenue plus the value its outcomes were assigned.
 */
export async function topPosts(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: TopPostsOptions,
): Promise<PostPerformance[]> {
  const denominator = {
    impressions: "p.impressions",
    reach: "p.reach",
    followers: "f.followers",
  }[workspace.engagement_denominator];
  const orderColumn = ORDER_COLUMNS[options.metric ?? "engagement_rate"];
  const direction = options.order === "best" ? "DESC" : "ASC";
  const query = defineQuery(`roi/top-posts-${options.order}`, postPerformanceSchema, {
    duckdb: castDateParams(
      `WITH ${PERIOD_FACTS_SQL}, ${PERIOD_OUTCOMES_SQL}, ${OUTCOME_VALUES_SQL},
       followers AS (SELECT network, date, max(followers) AS followers FROM account_days WHERE workspace_id = $ws AND followers IS NOT NULL GROUP BY ALL),
       post_value AS (
         SELECT post_id, sum(value) AS value FROM (
           SELECT post_id, value FROM outcome_values WHERE post_id IS NOT NULL
           UNION ALL SELECT post_id, CASE type WHEN 'sale' THEN amount WHEN 'refund' THEN -abs(amount) ELSE 0 END
           FROM period_conversions WHERE post_id IS NOT NULL)
         GROUP BY post_id),
       ranked AS (
         SELECT p.post_id, p.network, strftime(x.published_at, '%Y-%m-%dT%H:%M:%SZ') AS published_at, p.type, x.text, p.campaign,
           p.impressions, p.reach, p.engagements, p.link_clicks,
           p.engagements / nullif(${denominator}, 0) AS engagement_rate, round(coalesce(v.value, 0), 6) AS value
         FROM period_posts p
         JOIN posts x ON x.workspace_id = $ws AND x.network = p.network AND x.post_id = p.post_id
         ASOF LEFT JOIN followers f ON f.network = p.network AND p.day >= f.date
         LEFT JOIN post_value v ON v.post_id = p.post_id)
       SELECT * FROM ranked ORDER BY ${orderColumn} ${direction} NULLS LAST, post_id LIMIT $limit`,
      ["from", "to"],
    ),
  });
  return runQuery(store, query, {
    ws: workspace.id,
    currency: workspace.currency,
    limit: options.limit,
    ...period,
  });
}
