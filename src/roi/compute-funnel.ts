import { z } from "zod";
import { type Funnel, type FunnelRow, funnelRowSchema } from "../api/analytics.js";
import { networkSql } from "../channels/channel-grouping.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";

/** The funnel's rows and shape are the API's: one definition for the query and its callers. */
export type { Funnel, FunnelRow } from "../api/analytics.js";

/** A funnel row and whether the period has web analytics sessions (the same on every row). */
const funnelQueryRow = funnelRowSchema.extend({ has_sessions: z.boolean() });

function funnelSql(byNetwork: boolean): string {
  const key = (column: string) => (byNetwork ? `coalesce(${column}, '(none)')` : "'total'");
  return `WITH ${PERIOD_FACTS_SQL},
  sessions AS (
    SELECT ${networkSql("source")} AS network, sum(coalesce(sessions, 0)) AS sessions FROM traffic
    WHERE workspace_id = $ws AND date BETWEEN $from AND $to GROUP BY 1),
  has_sessions AS (SELECT count(*) > 0 AS yes FROM sessions),
  all_sessions AS (SELECT sum(sessions) AS n FROM sessions),
  reach AS (SELECT ${key("network")} AS key, sum(reach) AS reach, sum(link_clicks) AS clicks FROM period_posts GROUP BY 1),
  traffic AS (SELECT ${key("network")} AS key, sum(sessions) AS sessions FROM sessions WHERE network IS NOT NULL GROUP BY 1),
  conv AS (
    SELECT ${key("network")} AS key, count(*) FILTER (WHERE type = 'lead') AS leads,
      count(DISTINCT buyer) FILTER (WHERE type = 'sale') AS customers FROM period_conversions GROUP BY 1),
  keys AS (SELECT key FROM reach UNION SELECT key FROM traffic UNION SELECT key FROM conv),
  joined AS (
    SELECT k.key AS network, CASE WHEN r.key IS NULL THEN 0 ELSE r.reach END AS reach,
      CASE WHEN (SELECT yes FROM has_sessions) THEN coalesce(t.sessions, 0) ELSE coalesce(r.clicks, 0) END AS traffic,
      coalesce(c.leads, 0) AS leads, coalesce(c.customers, 0) AS customers, coalesce(t.sessions, 0) AS sessions
    FROM keys k LEFT JOIN reach r USING (key) LEFT JOIN traffic t USING (key) LEFT JOIN conv c USING (key))
  SELECT network, reach, traffic, leads, customers,
    traffic / nullif(reach, 0) AS traffic_rate, leads / nullif(traffic, 0) AS lead_rate,
    customers / nullif(leads, 0) AS customer_rate, sessions / nullif((SELECT n FROM all_sessions), 0) AS share_of_traffic,
    (SELECT yes FROM has_sessions) AS has_sessions
  FROM joined ORDER BY network`;
}

/** The funnel reach → traffic → leads → customers per network, with each step's conversion rate. */
export async function computeFunnel(store: Store, workspace: Workspace, period: Period): Promise<Funnel> {
  const params = { ws: workspace.id, currency: workspace.currency, ...period };
  const run = (byNetwork: boolean) =>
    runQuery(
      store,
      defineQuery(`roi/funnel-${byNetwork ? "by-network" : "total"}`, funnelQueryRow, {
        duckdb: castDateParams(funnelSql(byNetwork), ["from", "to"]),
      }),
      params,
    );
  const rows = await run(true);
  const [total] = await run(false);
  const strip = ({ has_sessions: _, ...row }: FunnelRow & { has_sessions: boolean }): FunnelRow => row;
  const empty: FunnelRow = {
    network: "total",
    reach: 0,
    traffic: 0,
    leads: 0,
    customers: 0,
    traffic_rate: null,
    lead_rate: null,
    customer_rate: null,
    share_of_traffic: null,
  };
  return {
    traffic_basis: total?.has_sessions ? "sessions" : "link_clicks",
    rows: rows.map(strip),
    total: total ? strip(total) : empty,
  };
}
