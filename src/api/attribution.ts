import { z } from "zod";
import { periodQuerySchema, periodSchema } from "./common.js";
import { LOCALES } from "./workspace.js";

export const MODEL_NAMES = [
  "first_touch",
  "last_touch",
  "last_non_direct",
  "linear",
  "time_decay",
  "position_based",
  "markov",
  "shapley",
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Higher orders need more journeys than a workspace has, and their states grow as channels^order. */
export const MAX_MARKOV_ORDER = 4;
export const DEFAULT_LOOKBACK_DAYS = 30;
const JOURNEY_LEVELS = ["network", "channel_group", "campaign"] as const;

/** Query strings only carry text, so lists arrive comma-separated and numbers as digits. */
export const attributionQuerySchema = periodQuerySchema.extend({
  model: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",").map((name) => name.trim()) : []))
    .pipe(z.array(z.enum(MODEL_NAMES)))
    .describe(`Models, comma-separated (${MODEL_NAMES.join(", ")}); every one when absent`),
  order: z
    .union([z.literal("auto"), z.coerce.number().int().min(1).max(MAX_MARKOV_ORDER)])
    .default(1)
    .describe("Markov chain order, or auto to choose it"),
  lookback: z.coerce
    .number()
    .int()
    .positive()
    .max(365)
    .default(DEFAULT_LOOKBACK_DAYS)
    .describe("Days before a conversion whose touches count"),
  level: z.enum(JOURNEY_LEVELS).default("network").describe("What a touch's channel is"),
  lang: z.enum(LOCALES).optional().describe("Language of the sentences; the workspace's when absent"),
});

const channelCreditSchema = z.object({
  channel: z.string(),
  conversions: z.number().describe("Conversions credited"),
  value: z.number().describe("Value credited"),
  removal_effect: z.number().optional(),
  removal_effect_value: z.number().optional(),
  standard_error_conversions: z.number().optional(),
  standard_error_value: z.number().optional(),
});

const modelResultSchema = z.object({
  model: z.enum(MODEL_NAMES),
  order: z.number().optional().describe("Markov order"),
  channels: z.array(channelCreditSchema),
  note: z.string().optional(),
  method: z.string().optional(),
  transition_matrix: z
    .array(z.object({ from: z.string(), to: z.string(), probability: z.number(), count: z.number() }))
    .optional(),
});
export type ModelResult = z.infer<typeof modelResultSchema>;

const channelComparisonSchema = z.object({
  channel: z.string(),
  shares: z.record(z.string(), z.number()).describe("Share of all attributed conversions, per model label"),
  min_share: z.number(),
  max_share: z.number(),
  sentence: z.string(),
});
export type ChannelComparison = z.infer<typeof channelComparisonSchema>;

export const attributionReportSchema = periodSchema.extend({
  lookback_days: z.number(),
  level: z.enum(JOURNEY_LEVELS),
  models: z.array(modelResultSchema),
  comparison: z.array(channelComparisonSchema),
  totals: z.object({
    conversions: z.number(),
    value: z.number(),
    nulls: z.number().describe("Journeys that did not convert"),
    unique_paths: z.number(),
    unattributed_conversions: z.number(),
    unattributed_value: z.number(),
  }),
  markov_order_choice: z
    .object({
      order: z.number(),
      candidates: z.array(
        z.object({ order: z.number(), states: z.number(), auc: z.number(), penalised_auc: z.number() }),
      ),
    })
    .optional()
    .describe("With order=auto: the order chosen and the candidates' scores"),
});
export type AttributionReport = z.infer<typeof attributionReportSchema>;
