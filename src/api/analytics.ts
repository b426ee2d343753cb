import { z } from "zod";
import { dayField } from "../domain/input-bounds.js";
import { ROI_COLUMNS, ROI_RATIOS, type RoiRatioId, type RoiSums } from "../metrics/catalogue.js";
import { periodQuerySchema, periodSchema, ratio } from "./common.js";
import { ALLOCATION_RULES, LOCALES } from "./workspace.js";

/** Which figures of ROI rows the dashboard and reports show, from the metrics registry. */
export { ROI_COLUMNS };

export const ROI_LEVELS = ["network", "campaign", "month", "post"] as const;
export type RoiLevel = (typeof ROI_LEVELS)[number];

export const roiQuerySchema = periodQuerySchema.extend({
  by: z.enum(ROI_LEVELS).default("network").describe("What each row is"),
  allocation: z
    .enum(ALLOCATION_RULES)
    .optional()
    .describe("How shared costs are allocated; the workspace's rule when absent"),
});

/** An ROI row's sums, as the ROI query computes them (`RoiSums` in the metrics registry). */
export const roiSumsSchema = z.object({
  key: z
    .string()
    .describe("The network, campaign, month (YYYY-MM) or post; `(none)` and `(unallocated)` group the rest"),
  cost: z.number().describe("Full cost, shared costs allocated, in the reporting currency"),
  ad_spend: z.number().describe("Cost of category ads"),
  revenue: z.number().describe("Sales − refunds"),
  assigned_value: z.number().describe("Outcomes × the unit values of the value rules"),
  value: z.number().describe("revenue + assigned value"),
  leads: z.number(),
  customers: z.number(),
  new_customers: z.number().describe("Customers whose first purchase ever falls in the row"),
  clicks: z.number(),
  impressions: z.number(),
  reach: z.number().nullable().describe("Null when no post of the row reports reach"),
  engagements: z.number(),
  posts: z.number(),
}) satisfies z.ZodType<RoiSums & { key: string }>;

/** Each ratio of the metrics registry that ROI rows carry, described by its formula there. */
const roiRatioFields = Object.fromEntries(ROI_RATIOS.map((m) => [m.id, ratio(m.formula.en)])) as Record<
  RoiRatioId,
  ReturnType<typeof ratio>
>;

export const roiRowSchema = roiSumsSchema.extend(roiRatioFields);
export type RoiRow = z.infer<typeof roiRowSchema>;

export const roiReportSchema = periodSchema.extend({
  by: z.enum(ROI_LEVELS),
  currency: z.string().describe("Reporting currency of every amount"),
  allocation_rule: z.enum(ALLOCATION_RULES),
  allocation_note: z.string().describe("The allocation rule in a sentence"),
  metrics_basis: z.string().describe("What the reach and engagement figures are"),
  revenue_attribution: z
    .object({ model: z.string(), scope: z.string(), lookback_days: z.number(), note: z.string() })
    .optional()
    .describe("How sales without a direct network or campaign were credited through journeys"),
  rows: z.array(roiRowSchema),
  total: roiRowSchema,
});
export type RoiReport = z.infer<typeof roiReportSchema>;

export const funnelRowSchema = z.object({
  network: z.string(),
  reach: z.number().nullable().describe("Null when no post of the network reports reach"),
  traffic: z.number(),
  leads: z.number(),
  customers: z.number(),
  traffic_rate: ratio("traffic ÷ reach"),
  lead_rate: ratio("leads ÷ traffic"),
  customer_rate: ratio("customers ÷ leads"),
  share_of_traffic: ratio("network traffic ÷ all traffic"),
});
export type FunnelRow = z.infer<typeof funnelRowSchema>;

const funnelSchema = z.object({
  traffic_basis: z
    .enum(["sessions", "link_clicks"])
    .describe("sessions when web analytics traffic was imported for the period, else the posts' link clicks"),
  rows: z.array(funnelRowSchema),
  total: funnelRowSchema,
});
export type Funnel = z.infer<typeof funnelSchema>;
export const funnelReportSchema = periodSchema.extend(funnelSchema.shape);

export const goalsQuerySchema = z.object({
  at: dayField.optional().describe("The day progress is read on; today when absent"),
});

const goalProgressSchema = z.object({
  goal_id: z.string(),
  goal: z.string().describe("A catalogue goal id or a free-form objective"),
  goal_label: z.string(),
  indicator: z.string(),
  network: z.string().nullable(),
  period_start: z.string(),
  period_end: z.string(),
  target: z.number(),
  actual: z.number().nullable().describe("Value from the period's start to `at`"),
  progress: ratio("actual ÷ target (target ÷ actual when lower is better)"),
  expected_progress: z.number().describe("Share of the period elapsed at `at`"),
  projection: z.number().nullable().describe("Value expected at the period's end at the current pace"),
  on_track: z.boolean().nullable(),
});
export type GoalProgress = z.infer<typeof goalProgressSchema>;
export const goalsProgressSchema = z.object({ goals: z.array(goalProgressSchema) });

const inEveryLocale = z.record(z.enum(LOCALES), z.string());

const metricDefinitionSchema = z.object({
  id: z.string(),
  kind: z.enum(["count", "amount", "ratio"]),
  unit: z.enum(["count", "money", "percent", "multiple"]).describe("How the figure is written"),
  accumulates: z
    .boolean()
    .describe("A sum that grows with a period; levels and ratios are read as they stand"),
  better: z.enum(["higher", "lower"]).describe("Whether a goal is met from above or from below"),
  formula: inEveryLocale.describe("How it is computed, in each language"),
  name: inEveryLocale,
  definition: inEveryLocale,
  source: z.string().describe("Where the inputs come from"),
});
export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;
export const metricsSchema = z.object({ metrics: z.array(metricDefinitionSchema) });
