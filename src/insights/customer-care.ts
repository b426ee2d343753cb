import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import { ratio } from "../metrics/catalogue.js";
import { type Period, previousPeriod } from "../period/data-period.js";
import { defineQuery, runQuery, runQueryForOne } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { MENTION_SCOPE, type SentimentBasis, scoreMentions, sentimentBasis } from "./score-mentions.js";

/** The customer-satisfaction indicators (PRODUCT.md §2) that mentions feed. */
export interface CustomerCareIndicators {
  mentions: number;
  positive_mentions: number;
  negative_mentions: number;
  neutral_mentions: number;
  median_response_minutes: number | null;
  p90_response_minutes: number | null;
  /** Answered mentions ÷ mentions, null without mentions. */
  share_answered: number | null;
  /** Resolved ÷ mentions whose resolution is known. */
  share_resolved: number | null;
}

/** How many mentions, how many answered and resolved, and how fast. Parameters: $ws, $tz, $network, $from, $to. */
const careSummary = defineQuery(
  "insights/care-summary",
  z.object({
    mentions: z.number(),
    answered: z.number(),
    resolved: z.number(),
    resolution_known: z.number(),
    median: z.number().nullable(),
    p90: z.number().nullable(),
  }),
  {
    duckdb: castDateParams(
      `WITH responses AS (
         SELECT date_diff('second', occurred_at, replied_at) / 60.0 AS minutes, replied_at, resolved FROM mentions WHERE ${MENTION_SCOPE})
       SELECT count(*) AS mentions, count(replied_at) AS answered,
         count(*) FILTER (WHERE resolved > 0) AS resolved, count(resolved) AS resolution_known,
         quantile_cont(minutes, 0.5) AS median, quantile_cont(minutes, 0.9) AS p90 FROM responses`,
      ["from", "to"],
    ),
  },
);

/** The networks with mentions in the period. Parameters: $ws, $tz, $from, $to ($network null). */
const careNetworks = defineQuery("insights/care-networks", z.object({ network: z.string() }), {
  duckdb: castDateParams(`SELECT DISTINCT network FROM mentions WHERE ${MENTION_SCOPE} ORDER BY network`, [
    "from",
    "to",
  ]),
});

/**
 * Mentions of the period (and network, when given): sentiment per mention in its language (the
 * `language` column, else detected, else the workspace locale), the user's class where one
 * corrected it, and how fast and how often the brand replied.
 */
export async function customerCare(
  store: Store,
  workspace: Workspace,
  period: Period,
  network?: string,
): Promise<CustomerCareIndicators> {
  return (await careWithBasis(store, workspace, period, network)).indicators;
}

async function careWithBasis(
  store: Store,
  workspace: Workspace,
  period: Period,
  network?: string,
): Promise<{ indicators: CustomerCareIndicators; basis: SentimentBasis }> {
  const params = { ws: workspace.id, tz: workspace.timezone, network: network ?? null, ...period };
  const summary = await runQueryForOne(store, careSummary, params);
  const scored = await scoreMentions(store, workspace, period, network);
  const counts = { positive: 0, neutral: 0, negative: 0 };
  for (const mention of scored) counts[mention.sentiment]++;
  const mentions = summary.mentions;
  const round = (minutes: number | null) => (minutes === null ? null : Math.round(minutes * 10) / 10);
  const indicators = {
    mentions,
    positive_mentions: counts.positive,
    negative_mentions: counts.negative,
    neutral_mentions: counts.neutral,
    median_response_minutes: round(summary.median),
    p90_response_minutes: round(summary.p90),
    share_answered: ratio(summary.answered, mentions),
    share_resolved: ratio(summary.resolved, summary.resolution_known),
  };
  return { indicators, basis: sentimentBasis(scored) };
}

/** A network's satisfaction indicators, with the previous period's for the trend. */
export interface NetworkCare {
  network: string;
  current: CustomerCareIndicators;
  previous: CustomerCareIndicators;
}

/**
 * The satisfaction indicators of each network with mentions in the period, beside those of the
 * period before, and how the sentiment was obtained (what a report's method states).
 */
export async function careByNetwork(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<{ networks: NetworkCare[]; basis: SentimentBasis }> {
  const { basis } = await careWithBasis(store, workspace, period);
  const networks: NetworkCare[] = [];
  const params = { ws: workspace.id, tz: workspace.timezone, network: null, ...period };
  for (const { network } of await runQuery(store, careNetworks, params)) {
    networks.push({
      network,
      current: await customerCare(store, workspace, period, network),
      previous: await customerCare(store, workspace, previousPeriod(period), network),
    });
  }
  return { networks, basis };
}
