import { z } from "zod";
import { socialChannel } from "../channels/channel-grouping.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

/**
 * The clicks customers made (rollups.ts): those a conversion names, and those that first brought
 * a customer (customer_first_clicks), of every date; the few a workspace's journeys can read, where
 * it has clicks by the million. Parameters: $ws.
 */
export const CUSTOMER_CLICK_ROLLUP = {
  customer_click_rows: {
    duckdb: `SELECT click_id, link_id, occurred_at FROM clicks WHERE workspace_id = $ws AND click_id IN (
      SELECT click_id FROM conversions WHERE workspace_id = $ws
      UNION SELECT first_click_id FROM customer_first_clicks WHERE workspace_id = $ws)`,
    // Every version of a conversion is read, deletions included: a first click is a click some
    // conversion named (tracking/first-clicks.ts), even one since deleted, and a click an older
    // version named is only one more row, which no customer's click joins.
    clickhouse: `SELECT click_id, link_id, occurred_at FROM {clicks} WHERE workspace_id = $ws AND {current clicks}
      AND click_id IN (SELECT assumeNotNull(click_id) FROM {conversions.local} WHERE workspace_id = $ws AND isNotNull(click_id))`,
    columns: { click_id: "VARCHAR", link_id: "VARCHAR", occurred_at: "TIMESTAMPTZ" },
  },
};

/**
 * CTE `customer_clicks` (customer_id, occurred_at, utm_medium, network, campaign): tracked clicks of
 * identified customers from $touches_from to $to (UTC dates, both included), over the rollup
 * `customer_click_rows` (CUSTOMER_CLICK_ROLLUP). A click belongs to a customer when one of their
 * conversions names it or it first brought them. Parameters: $ws, $touches_from, $to.
 */
export const CUSTOMER_CLICKS_SQL = `customer_clicks AS (
  SELECT o.customer_id, k.occurred_at, l.utm_medium, l.network, l.campaign
  FROM (
    SELECT DISTINCT customer_id, click_id FROM conversions
    WHERE workspace_id = $ws AND customer_id IS NOT NULL AND click_id IS NOT NULL
    UNION SELECT customer_id, first_click_id FROM customer_first_clicks WHERE workspace_id = $ws
  ) o JOIN customer_click_rows k ON k.click_id = o.click_id JOIN links l USING (link_id)
  WHERE k.occurred_at >= CAST($touches_from AS DATE) AND k.occurred_at < CAST($to AS DATE) + INTERVAL 1 DAY
)`;

/** Parameters: $ws. */
const linkMediums = defineQuery("attribution/link-mediums", z.object({ utm_medium: z.string() }), {
  duckdb: "SELECT DISTINCT utm_medium FROM links WHERE workspace_id = $ws AND utm_medium IS NOT NULL",
});

/**
 * The workspace's link mediums that make a click Paid Social, for `clickChannelSql`: a workspace has
 * few mediums, and classifying them here keeps `socialChannel` the one definition of the rule.
 */
export async function paidClickMediums(store: Store, workspaceId: string): Promise<string[]> {
  const rows = await runQuery(store, linkMediums, { ws: workspaceId });
  return rows.map((row) => row.utm_medium).filter((medium) => socialChannel(medium) === "Paid Social");
}

/** A click's channel in SQL, as `socialChannel` gives it, from the bound $paid_mediums (`paidClickMediums`). */
export function clickChannelSql(mediumColumn: string): string {
  return `CASE WHEN list_contains($paid_mediums, ${mediumColumn}) THEN 'Paid Social' ELSE 'Organic Social' END`;
}
