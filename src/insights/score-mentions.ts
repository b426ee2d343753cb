import { z } from "zod";
import { LOW_CONFIDENCE_BELOW, type ScoredMention, SENTIMENT_CLASSES } from "../api/mentions.js";
import { normalizeNetwork } from "../domain/network.js";
import { LOCALES, type Locale, type Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { classifySentiment, type SentimentVerdict } from "./sentiment.js";

/** The mentions of the period, of one network when $network is not null. */
export const MENTION_SCOPE = `workspace_id = $ws AND CAST(timezone($tz, occurred_at) AS DATE) BETWEEN $from AND $to
    AND ($network IS NULL OR network = $network)`;

const mentionTextSchema = z.object({
  network: z.string(),
  mention_id: z.string(),
  occurred_at: z.string(),
  text: z.string().nullable(),
  language: z.string().nullable(),
  corrected: z.enum(SENTIMENT_CLASSES).nullable(),
});
type MentionText = z.infer<typeof mentionTextSchema>;

/** A mention with the class a user gave it, if any: `mentions` restricted to $ws by `where`. */
function mentionsWithCorrections(where: string): string {
  return `SELECT m.network, m.mention_id, strftime(timezone('UTC', m.occurred_at), '%Y-%m-%dT%H:%M:%SZ') AS occurred_at,
      m.text, lower(m.language) AS language, c.sentiment AS corrected
    FROM (SELECT * FROM mentions WHERE ${where}) m
    LEFT JOIN sentiment_corrections c
      ON c.workspace_id = m.workspace_id AND c.network = m.network AND c.mention_id = m.mention_id`;
}

/** Parameters: $ws, $tz, $network, $from, $to. */
const periodMentions = defineQuery("insights/period-mentions", mentionTextSchema, {
  duckdb: castDateParams(
    `${mentionsWithCorrections(MENTION_SCOPE)} ORDER BY m.occurred_at DESC, m.network, m.mention_id`,
    ["from", "to"],
  ),
});

/** Parameters: $ws, $network, $id. */
const oneMention = defineQuery("insights/one-mention", mentionTextSchema, {
  duckdb: `${mentionsWithCorrections("workspace_id = $ws AND network = $network AND mention_id = $id")} LIMIT 1`,
});

/**
 * Verdicts already given in this process: a goal, a report and the dashboard ask about the same
 * mentions again and again. The model is fixed for a process's life, so a verdict cannot go
 * stale here; the oldest are forgotten past the bound.
 */
const VERDICTS = new Map<string, SentimentVerdict>();
const KEPT_VERDICTS = 50_000;

async function verdictOf(text: string, language: Locale | null, fallback: Locale): Promise<SentimentVerdict> {
  const key = `${language ?? ""}\u0000${fallback}\u0000${text}`;
  const known = VERDICTS.get(key);
  if (known) return known;
  const verdict = await classifySentiment(text, { language, fallback });
  if (VERDICTS.size >= KEPT_VERDICTS) VERDICTS.delete(VERDICTS.keys().next().value as string);
  VERDICTS.set(key, verdict);
  return verdict;
}

/**
 * The model's verdict and the class every count uses. Scored when read, never stored: a new
 * model changes every figure at once, and only the user's corrections are kept.
 */
async function scoreMention(row: MentionText, fallback: Locale): Promise<ScoredMention> {
  const known = LOCALES.find((locale): locale is Locale => locale === row.language) ?? null;
  // A mention without text says nothing: neutral for certain, and nothing for anyone to review.
  const verdict =
    row.text === null
      ? { sentiment: "neutral" as const, language: known ?? fallback, score: 0, confidence: 1 }
      : await verdictOf(row.text, known, fallback);
  return {
    network: row.network,
    mention_id: row.mention_id,
    occurred_at: row.occurred_at,
    text: row.text,
    language: verdict.language,
    sentiment: row.corrected ?? verdict.sentiment,
    source: row.corrected === null ? "model" : "user",
    model_sentiment: verdict.sentiment,
    score: verdict.score,
    confidence: verdict.confidence,
    low_confidence: verdict.confidence < LOW_CONFIDENCE_BELOW,
  };
}

/** Each mention of the period (and network, when given), the newest first, scored. */
export async function scoreMentions(
  store: Store,
  workspace: Workspace,
  period: Period,
  network?: string,
): Promise<ScoredMention[]> {
  const rows = await runQuery(store, periodMentions, {
    ws: workspace.id,
    tz: workspace.timezone,
    network: network ?? null,
    ...period,
  });
  const scored: ScoredMention[] = [];
  for (const row of rows) scored.push(await scoreMention(row, workspace.locale));
  return scored;
}

/** A mention of the workspace the user may correct. */
export class MentionNotFoundError extends Error {
  override name = "MentionNotFoundError";
}

export interface MentionKey {
  network: string;
  mentionId: string;
}

/** A mention's key as a door received it: the network named as imports name it (normalizeNetwork). */
export function mentionKey(network: string, mentionId: string): MentionKey {
  return { network: normalizeNetwork(network), mentionId };
}

/** One mention of the workspace, scored; MentionNotFoundError when it has none with that key. */
export async function findScoredMention(
  store: Store,
  workspace: Workspace,
  key: MentionKey,
): Promise<ScoredMention> {
  const [row] = await runQuery(store, oneMention, {
    ws: workspace.id,
    network: key.network,
    id: key.mentionId,
  });
  if (!row) throw new MentionNotFoundError(`No mention ${key.mentionId} on ${key.network} in this workspace`);
  return scoreMention(row, workspace.locale);
}

/** A mention needs review when the model is unsure and no one has said better. */
export function needsReview(mention: ScoredMention): boolean {
  return mention.low_confidence && mention.source === "model";
}

/** How the sentiment figures were made: what a report's method states. */
export interface SentimentBasis {
  mentions: number;
  /** Mentions scored per language: each language has its own model. */
  languages: Record<Locale, number>;
  corrected: number;
  lowConfidence: number;
}

export function sentimentBasis(mentions: readonly ScoredMention[]): SentimentBasis {
  const languages = { en: 0, fr: 0, nl: 0 } satisfies Record<Locale, number>;
  let corrected = 0;
  let lowConfidence = 0;
  for (const mention of mentions) {
    if (mention.text !== null) languages[mention.language]++;
    if (mention.source === "user") corrected++;
    if (needsReview(mention)) lowConfidence++;
  }
  return { mentions: mentions.length, languages, corrected, lowConfidence };
}
