import { z } from "zod";
import { type SocialChannel, socialChannel } from "../channels/channel-grouping.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

export interface ClickTouchpoint {
  customerId: string;
  occurredAt: string;
  channel: SocialChannel;
  network: string | null;
  campaign: string | null;
}

/** Parameters: $ws, $from, $to. */
const clickTouchpoints = defineQuery(
  "attribution/click-touchpoints",
  z.object({
    customer_id: z.string(),
    occurred_at: z.string(),
    utm_medium: z.string().nullable(),
    network: z.string().nullable(),
    campaign: z.string().nullable(),
  }),
  {
    duckdb: `WITH owners AS (
       SELECT DISTINCT customer_id, click_id FROM conversions
       WHERE workspace_id = $ws AND customer_id IS NOT NULL AND click_id IS NOT NULL
       UNION SELECT customer_id, first_click_id FROM customer_first_clicks WHERE workspace_id = $ws
     )
     SELECT o.customer_id, strftime(k.occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, l.utm_medium, l.network, l.campaign
     FROM owners o JOIN clicks k ON k.click_id = o.click_id AND k.workspace_id = $ws JOIN links l USING (link_id)
     WHERE k.occurred_at >= CAST($from AS DATE) AND k.occurred_at < CAST($to AS DATE) + INTERVAL 1 DAY
     ORDER BY o.customer_id, k.occurred_at`,
  },
);

/**
 * Tracked clicks of identified customers, as attribution touchpoints: a click belongs to a customer
 * when one of their conversions names it or it first brought them. `from` and `to` are UTC dates,
 * both included.
 */
export async function listClickTouchpoints(
  store: Store,
  workspaceId: string,
  from: string,
  to: string,
): Promise<ClickTouchpoint[]> {
  const rows = await runQuery(store, clickTouchpoints, { ws: workspaceId, from, to });
  return rows.map((row) => ({
    customerId: row.customer_id,
    occurredAt: row.occurred_at,
    channel: socialChannel(row.utm_medium),
    network: row.network,
    campaign: row.campaign,
  }));
}
