import { z } from "zod";
import { periodQuerySchema, periodSchema, ratio } from "./common.js";
import { LOCALES } from "./workspace.js";

export const INSIGHT_METRICS = ["engagement_rate", "clicks", "ctr", "leads", "revenue"] as const;
export type InsightMetric = (typeof INSIGHT_METRICS)[number];
/** A number a network export kept in a post's `extra` (e.g. UCI's "Lifetime Post Consumers"). */
type ExtraMetric = `extra:${string}`;
export type PostMetric = InsightMetric | ExtraMetric;

export const ESTIMATED_OUTCOMES = ["link_click", "lead", "engaged_user"] as const;
export type EstimatedOutcome = (typeof ESTIMATED_OUTCOMES)[number];

export const metricQuerySchema = periodQuerySchema.extend({
  metric: z.enum(INSIGHT_METRICS).default("engagement_rate").describe("The post figure compared"),
});
export const insightsQuerySchema = metricQuerySchema.extend({
  lang: z.enum(LOCALES).optional().describe("Language of the sentences; the workspace's when absent"),
});
export const careQuerySchema = periodQuerySchema.extend({
  network: z.string().optional().describe("Only this network's mentions"),
});

const postMetric = z
  .string()
  .describe(`One of ${INSIGHT_METRICS.join(", ")}, or extra:NAME for a figure an export kept`);

const driverSchema = z.object({
  feature: z.string(),
  value: z.string(),
  lift: z.number().describe("Ratio of the metric with the trait to without it"),
  ci_low: z.number(),
  ci_high: z.number(),
  n: z.number().describe("Posts with the trait"),
  n_without: z.number(),
  p_value: z.number().describe("Holm-adjusted p-value"),
  significant: z.boolean(),
});
export type Driver = z.infer<typeof driverSchema>;

const decileSchema = z.object({
  posts: z.array(z.object({ post_id: z.string(), network: z.string(), value: z.number() })),
  over_represented: z.array(
    z.object({
      feature: z.string(),
      value: z.string(),
      decile_share: z.number(),
      rest_share: z.number(),
      n_decile: z.number(),
    }),
  ),
});

export const insightsSchema = periodSchema.extend({
  metric: postMetric,
  formula: z.string(),
  posts: z.number(),
  method: z.string(),
  drivers: z.array(driverSchema),
  not_enough_data: z
    .array(z.object({ feature: z.string(), value: z.string(), n: z.number(), n_without: z.number() }))
    .describe("Traits seen on too few posts (or too many) to compare"),
  tests: z.number(),
  top_bottom: z.object({ top: decileSchema, bottom: decileSchema }),
  sentences: z.array(z.string()),
});
export type Insights = z.infer<typeof insightsSchema>;

const timeSlotSchema = z.object({
  weekday: z.string(),
  hour: z.number(),
  posts: z.number(),
  mean: z.number(),
  index: ratio("The slot's average ÷ the network's average"),
  enough_posts: z.boolean(),
});
export type TimeSlot = z.infer<typeof timeSlotSchema>;

export const bestTimesSchema = z.object({
  metric: postMetric,
  formula: z.string(),
  min_slot_posts: z.number(),
  networks: z.array(
    z.object({
      network: z.string(),
      posts: z.number(),
      best: z.array(timeSlotSchema),
      slots: z.array(timeSlotSchema),
    }),
  ),
});
export type BestTimes = z.infer<typeof bestTimesSchema>;

export const valueProposalSchema = z.object({
  outcome: z.enum(ESTIMATED_OUTCOMES),
  unit_value: z.number().nullable().describe("The unit value to adopt; null without enough data"),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  currency: z.string(),
  trials: z.number(),
  conversions: z.number(),
  conversion_rate: z.number().nullable(),
  average_order_value: z.number().nullable(),
  source: z.string(),
  current_rule: z
    .object({
      rule_id: z.string(),
      unit_value: z.number(),
      currency: z.string(),
      valid_from: z.string().nullable(),
    })
    .nullable(),
  current_rule_consistent: z
    .boolean()
    .nullable()
    .describe("Whether the rule in use lies inside the interval"),
});
export type ValueProposal = z.infer<typeof valueProposalSchema>;
export const valueEstimatesSchema = periodSchema.extend({ proposals: z.array(valueProposalSchema) });

const earnedClicksLineSchema = z.object({
  campaign: z.string().nullable(),
  organic_clicks: z.number(),
  cpc: z.number().nullable(),
  cpc_source: z.string(),
  value: z.number().nullable(),
});
export type EarnedClicksLine = z.infer<typeof earnedClicksLineSchema>;

const earnedMediaValueSchema = z.object({
  currency: z.string(),
  formula: z.string(),
  organic_clicks: z.number(),
  organic_impressions: z.number(),
  clicks_value: z.number(),
  impressions_value: z.number().nullable(),
  cpm: z.number().nullable(),
  cpm_source: z.string(),
  lines: z.array(earnedClicksLineSchema).describe("Organic clicks per campaign, each priced by its own CPC"),
});
export type EarnedMediaValue = z.infer<typeof earnedMediaValueSchema>;
export const earnedMediaReportSchema = periodSchema.extend(earnedMediaValueSchema.shape);

export const customerCareSchema = periodSchema.extend({
  mentions: z.number(),
  positive_mentions: z.number(),
  negative_mentions: z.number(),
  neutral_mentions: z.number(),
  median_response_minutes: z.number().nullable(),
  p90_response_minutes: z.number().nullable(),
  share_answered: ratio("Answered mentions ÷ mentions"),
  share_resolved: ratio("Resolved ÷ mentions whose resolution is known"),
});
export type CustomerCare = z.infer<typeof customerCareSchema>;
