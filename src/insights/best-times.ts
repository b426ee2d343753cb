import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { WEEKDAYS } from "./post-features.js";
import { metricFormula, type PostMetric, postMetricsParams, postMetricsSql } from "./post-metrics.js";
import { groupBy } from "./statistics.js";

/** Fewer posts than this in a day × hour slot and its average is flagged as unreliable. */
export const MIN_SLOT_POSTS = 5;
const BEST_SLOTS_SHOWN = 3;

interface TimeSlot {
  weekday: string;
  hour: number;
  posts: number;
  mean: number;
  /** The slot's average ÷ the network's average: 1.5 = 50 % better than usual on that network. */
  index: number | null;
  enough_posts: boolean;
}

interface NetworkTimes {
  network: string;
  posts: number;
  best: TimeSlot[];
  slots: TimeSlot[];
}

export interface BestTimes {
  metric: PostMetric;
  formula: string;
  min_slot_posts: number;
  networks: NetworkTimes[];
}

/** A day × hour slot of a network, with the network's own figures. */
const slotRow = z.object({
  network: z.string(),
  weekday_number: z.number(),
  hour: z.number(),
  posts: z.number(),
  mean: z.number(),
  index: z.number().nullable(),
  network_posts: z.number(),
});

/** Best day × hour slots per network from past posts' average metric, each with the posts behind it. */
export async function bestTimes(
  store: Store,
  workspace: Workspace,
  period: Period,
  metric: PostMetric,
): Promise<BestTimes> {
  const query = defineQuery("insights/best-times", slotRow, {
    duckdb: castDateParams(
      `WITH ${postMetricsSql(workspace, metric)},
       measured AS (SELECT * FROM post_metrics WHERE value IS NOT NULL),
       networks AS (SELECT network, avg(value) AS network_mean, count(*) AS network_posts FROM measured GROUP BY ALL)
       SELECT m.network, m.weekday AS weekday_number, m.hour, count(*) AS posts, avg(m.value) AS mean,
         avg(m.value) / nullif(any_value(n.network_mean), 0) AS index, any_value(n.network_posts) AS network_posts
       FROM measured m JOIN networks n USING (network)
       GROUP BY m.network, m.weekday, m.hour
       ORDER BY m.network, index DESC NULLS LAST, posts DESC, weekday_number, m.hour`,
      ["from", "to"],
    ),
  });
  const rows = await runQuery(store, query, postMetricsParams(workspace, period, metric));
  const networks = groupBy(rows, (r) => r.network);
  return {
    metric,
    formula: `average over the slot's posts of: ${metricFormula(metric)}`,
    min_slot_posts: MIN_SLOT_POSTS,
    networks: [...networks].map(([network, slotRows]) => {
      const slots = slotRows.map((r) => ({
        weekday: WEEKDAYS[r.weekday_number - 1] ?? String(r.weekday_number),
        hour: r.hour,
        posts: r.posts,
        mean: r.mean,
        index: r.index === null ? null : Math.round(r.index * 1000) / 1000,
        enough_posts: r.posts >= MIN_SLOT_POSTS,
      }));
      return {
        network,
        posts: slotRows[0]?.network_posts ?? 0,
        best: slots.filter((s) => s.enough_posts).slice(0, BEST_SLOTS_SHOWN),
        slots,
      };
    }),
  };
}
