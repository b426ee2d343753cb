import { z } from "zod";
import { periodQuerySchema, periodSchema } from "./common.js";
import { LOCALES } from "./workspace.js";

export const SENTIMENT_CLASSES = ["positive", "neutral", "negative"] as const;
export type SentimentClass = (typeof SENTIMENT_CLASSES)[number];

/**
 * A verdict the model gives with less probability than this is shown for review: with three
 * classes, 0.6 is well above a guess (1/3) yet below what clear texts get.
 */
export const LOW_CONFIDENCE_BELOW = 0.6;

export const MENTION_FILTERS = ["all", "low-confidence", "corrected"] as const;
export type MentionFilter = (typeof MENTION_FILTERS)[number];

const SENTIMENT_SOURCES = ["model", "user"] as const;

export const mentionsQuerySchema = periodQuerySchema.extend({
  network: z.string().max(40).optional().describe("Only this network's mentions"),
  filter: z
    .enum(MENTION_FILTERS)
    .default("all")
    .describe(
      `all; low-confidence: the model's verdicts below ${LOW_CONFIDENCE_BELOW} that no user corrected; corrected: those a user labelled`,
    ),
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe("Mentions per page"),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .describe("Mentions skipped: the page's start"),
});
export type MentionsQuery = z.infer<typeof mentionsQuerySchema>;

export const scoredMentionSchema = z.object({
  network: z.string(),
  mention_id: z.string().describe("The network's id of the mention"),
  occurred_at: z.string().describe("When it was posted (ISO 8601, UTC)"),
  text: z.string().nullable(),
  language: z.enum(LOCALES).describe("The file's language, else the one detected, else the workspace's"),
  sentiment: z
    .enum(SENTIMENT_CLASSES)
    .describe("The class every count uses: the user's when corrected, else the model's"),
  source: z.enum(SENTIMENT_SOURCES).describe("model, or user when someone corrected the class"),
  model_sentiment: z.enum(SENTIMENT_CLASSES).describe("What the model says, corrected or not"),
  score: z.number().describe("The model's polarity, from -1 (negative) to 1 (positive)"),
  confidence: z.number().describe("The model's probability of its class (0..1)"),
  low_confidence: z.boolean().describe(`The model's confidence is below ${LOW_CONFIDENCE_BELOW}`),
});
export type ScoredMention = z.infer<typeof scoredMentionSchema>;

export const mentionListSchema = periodSchema.extend({
  low_confidence_below: z.number().describe("The confidence under which a verdict is low"),
  total: z.number().describe("Mentions matching the filter, before paging"),
  low_confidence: z
    .number()
    .describe("Mentions of the period and network with a low-confidence, uncorrected verdict"),
  corrected: z.number().describe("Mentions of the period and network whose class a user set"),
  mentions: z.array(scoredMentionSchema).describe("The page, the newest first"),
});
export type MentionList = z.infer<typeof mentionListSchema>;

export const mentionParamsSchema = z.object({
  network: z.string().max(40).describe("The mention's network"),
  mentionId: z.string().max(500).describe("The network's id of the mention"),
});

export const sentimentCorrectionSchema = z
  .object({
    sentiment: z.enum(SENTIMENT_CLASSES).describe("The class the user gives the mention"),
  })
  .strict();
