import { z } from "zod";
import { LOCALES, type Locale, type Workspace } from "../domain/workspace.js";
import { ratio } from "../metrics/catalogue.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQuery, runQueryForOne } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { classifySentiment } from "./sentiment.js";

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

/** The mentions of the period, of one network when $network is not null. */
const MENTION_SCOPE = `workspace_id = $ws AND CAST(timezone($tz, occurred_at) AS DATE) BETWEEN $from AND $to
    AND ($network IS NULL OR network = $network)`;

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

/** The text of each mention, with its language when the file gave one. Parameters: as careSummary. */
const careTexts = defineQuery(
  "insights/care-texts",
  z.object({ text: z.string(), language: z.string().nullable() }),
  {
    duckdb: castDateParams(
      `SELECT text, lower(language) AS language FROM mentions WHERE ${MENTION_SCOPE} AND text IS NOT NULL`,
      ["from", "to"],
    ),
  },
);

/**
 * Mentions of the period (and network, when given): sentiment per mention in its language (the
 * `language` column, else detected, else the workspace locale), and how fast and how often the
 * brand replied.
 */
export async function customerCare(
  store: Store,
  workspace: Workspace,
  period: Period,
  network?: string,
): Promise<CustomerCareIndicators> {
  const params = { ws: workspace.id, tz: workspace.timezone, network: network ?? null, ...period };
  const summary = await runQueryForOne(store, careSummary, params);
  const texts = await runQuery(store, careTexts, params);
  const counts = { positive: 0, neutral: 0, negative: 0 };
  for (const { text, language } of texts) {
    const known = LOCALES.find((locale): locale is Locale => locale === language) ?? null;
    counts[(await classifySentiment(text, { language: known, fallback: workspace.locale })).sentiment]++;
  }
  const mentions = summary.mentions;
  const round = (minutes: number | null) => (minutes === null ? null : Math.round(minutes * 10) / 10);
  return {
    mentions,
    positive_mentions: counts.positive,
    negative_mentions: counts.negative,
    neutral_mentions: counts.neutral + (mentions - texts.length),
    median_response_minutes: round(summary.median),
    p90_response_minutes: round(summary.p90),
    share_answered: ratio(summary.answered, mentions),
    share_resolved: ratio(summary.resolved, summary.resolution_known),
  };
}
