import { z } from "zod";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { LINK_COLUMNS, linkRowSchema } from "./link.js";

const linkWithStatsSchema = linkRowSchema.extend({
  clicks: z.number(),
  leads: z.number(),
  sales: z.number(),
  /** Sales less refunds, in the currencies they were recorded in (conversions through the link's clicks). */
  revenue: z.number(),
});
export type LinkWithStats = z.infer<typeof linkWithStatsSchema>;

/**
 * The reductions of clicks the link list needs (rollups.ts): the clicks of each link, and which
 * link each click a conversion names came through. Parameters: $ws.
 */
const LINK_CLICK_ROLLUPS = {
  link_click_counts: {
    duckdb: "SELECT link_id, count(*) AS clicks FROM clicks WHERE workspace_id = $ws GROUP BY link_id",
    // Summed from the counts ClickHouse keeps as clicks are inserted (store/cluster/maintained-tables.ts):
    // a workspace's millions of clicks are not read. A link whose clicks were all deleted sums to 0.
    clickhouse: `SELECT link_id, sum(counted) AS clicks FROM {clicks_per_link}
      WHERE workspace_id = $ws GROUP BY link_id HAVING clicks != 0`,
    columns: { link_id: "VARCHAR", clicks: "BIGINT" },
  },
  converted_clicks: {
    duckdb: `SELECT click_id, link_id FROM clicks WHERE workspace_id = $ws
      AND click_id IN (SELECT click_id FROM conversions WHERE workspace_id = $ws)`,
    // The links ClickHouse keeps of the clicks conversions named, current version of each (a click an
    // older version of a conversion named is only one more row here, which the join with the current
    // conversions leaves out): the workspace's clicks are not looked through.
    clickhouse: `SELECT click_id, current_link AS link_id FROM (
        SELECT click_id, argMax(link_id, _version) AS current_link, argMax(_deleted, _version) AS deleted
        FROM {converted_click_links} WHERE workspace_id = $ws GROUP BY click_id)
      WHERE deleted = 0`,
    columns: { click_id: "VARCHAR", link_id: "VARCHAR" },
  },
};

/** Parameters: $ws, $all (archived links too). */
const linksWithStats = defineQuery(
  "tracking/links-with-stats",
  linkWithStatsSchema,
  {
    duckdb: `WITH link_conversions AS (
     SELECT k.link_id, count(*) FILTER (WHERE c.type = 'lead') AS leads, count(*) FILTER (WHERE c.type = 'sale') AS sales,
       coalesce(sum(c.value) FILTER (WHERE c.type = 'sale'), 0) - coalesce(sum(abs(c.value)) FILTER (WHERE c.type = 'refund'), 0) AS revenue
     FROM conversions c JOIN converted_clicks k ON k.click_id = c.click_id
     WHERE c.workspace_id = $ws GROUP BY k.link_id
   )
   SELECT ${LINK_COLUMNS}, coalesce(lc.clicks, 0) AS clicks, coalesce(cv.leads, 0) AS leads,
     coalesce(cv.sales, 0) AS sales, CAST(round(coalesce(cv.revenue, 0), 6) AS DOUBLE) AS revenue
   FROM links LEFT JOIN link_click_counts lc USING (link_id) LEFT JOIN link_conversions cv USING (link_id)
   WHERE workspace_id = $ws AND ($all OR archived_at IS NULL)
   ORDER BY links.created_at DESC, slug`,
  },
  LINK_CLICK_ROLLUPS,
);

/** Links newest first, with what their clicks brought. */
export async function listLinks(
  store: Store,
  workspaceId: string,
  options: { includeArchived?: boolean } = {},
): Promise<LinkWithStats[]> {
  return runQuery(store, linksWithStats, { ws: workspaceId, all: options.includeArchived ?? false });
}
