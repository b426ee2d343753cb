import { z } from "zod";
import { amountField, dayField, MAX_AMOUNT, nameField } from "../domain/input-bounds.js";
import { NETWORK_ID_PATTERN, normalizeNetwork } from "../domain/network.js";
import { periodQuerySchema, periodSchema } from "./common.js";
import { optionalText } from "./fields.js";
import { LOCALES } from "./workspace.js";

const STORE_CADENCES = ["day", "week"] as const;
/** Largest change of a channel's spend the planner may propose, as a share of today's (+1000%). */
const MAX_CHANGE_BOUND = 10;

/** A channel of the model from the store: a network id; the usual aliases (fb, twitter) are read too. */
const networkChannelField = z.preprocess(
  (value) => (typeof value === "string" ? normalizeNetwork(value) : value),
  z.string().regex(NETWORK_ID_PATTERN, "a network id such as facebook, instagram or linkedin"),
);

const MOVE_FIELDS = ["move_amount", "move_from", "move_to"] as const;

export const mmmQuerySchema = periodQuerySchema
  .extend({
    kpi: nameField
      .default("revenue")
      .describe("What the model explains: revenue, leads, sales, or a conversion type (revenue when absent)"),
    cadence: z
      .enum(STORE_CADENCES)
      .default("day")
      .describe("Periods of the series: days, or whole ISO weeks (Monday to Sunday)"),
    plan: z
      .enum(["true", "false"])
      .default("false")
      .describe("Also plan the budget across channels under the fitted curves (implied by budget)"),
    budget: z.coerce
      .number()
      .min(0)
      .max(MAX_AMOUNT)
      .optional()
      .describe("Spend per period (day or week) to plan; today's (the last four weeks' mean) when absent"),
    max_change: z.coerce
      .number()
      .min(0)
      .max(MAX_CHANGE_BOUND)
      .default(0.3)
      .describe("Largest change of a channel's spend in the plan, as a share of today's (0.3 = ±30%)"),
    move_amount: z.coerce
      .number()
      .min(0)
      .max(MAX_AMOUNT)
      .optional()
      .describe("What if this much spend per period (day or week) moved from move_from to move_to"),
    move_from: networkChannelField.optional().describe("The channel the spend of the what-if moves from"),
    move_to: networkChannelField.optional().describe("The channel the spend of the what-if moves to"),
    lang: z.enum(LOCALES).optional().describe("Language of the sentences; the workspace's when absent"),
  })
  .refine((query) => new Set(MOVE_FIELDS.map((field) => query[field] === undefined)).size === 1, {
    path: ["move_amount"],
    message: "a what-if move needs move_amount, move_from and move_to together",
  });

type EstimateKeys<Name extends string> = Name | `${Name}_mean` | `${Name}_low` | `${Name}_high`;

/**
 * A posterior summary as flat fields, as `socialroi mmm --json` writes them: `name` (the point
 * figure: the median unless said otherwise), `name_mean`, and the 90% interval's `name_low` and `name_high`.
 */
function estimate<Name extends string>(
  name: Name,
  what: string,
  point: "median" | "mean" = "median",
): { [Key in EstimateKeys<Name>]: z.ZodNumber } {
  return {
    [name]: z.number().describe(`${what}: the posterior ${point}`),
    [`${name}_mean`]: z.number().describe(`${what}: the posterior mean`),
    [`${name}_low`]: z.number().describe(`${what}: lower end of the 90% interval`),
    [`${name}_high`]: z.number().describe(`${what}: upper end of the 90% interval`),
  } as { [Key in EstimateKeys<Name>]: z.ZodNumber };
}

export type MmmQuery = z.infer<typeof mmmQuerySchema>;

const responsePointSchema = z.object({
  spend: z.number().describe("Spend over the data had every period's spend been scaled to this total"),
  ...estimate("contribution", "KPI the channel would have added at that spend"),
  current: z.boolean().describe("This point is the spend as it was"),
});

const mmmChannelSchema = z.object({
  channel: z.string().describe("The network whose ad spend makes the channel"),
  spend: z.number().describe("Ad spend over the data, in the reporting currency"),
  ...estimate("contribution", "KPI the channel's spend added over the data (against no spend)"),
  ...estimate("roi", "KPI added per unit of spend"),
  ...estimate("marginal_roi", "KPI per extra unit of spend, had every period's spend been slightly higher"),
  ...estimate("half_life_days", "Days until half of a spend's carried-over effect is gone"),
  response_curve: z
    .array(responsePointSchema)
    .describe("Contribution at spends from none to twice the spend as it was"),
});

const budgetPlanSchema = z
  .object({
    period_days: z.number().int().describe("Days per period: budgets and spends are per this many days"),
    budget: z.number().describe("Spend per period allocated"),
    channels: z.array(
      z.object({
        channel: z.string(),
        current: z.number().describe("Today's spend per period (the last four weeks' mean)"),
        lower: z.number().describe("Lowest spend the plan may give"),
        upper: z.number().describe("Highest spend the plan may give"),
        planned: z.number().describe("The plan's spend per period"),
      }),
    ),
    ...estimate("current_kpi", "KPI per period the channels bring at today's spends", "mean"),
    ...estimate("planned_kpi", "KPI per period the channels bring under the plan", "mean"),
    ...estimate("gain", "The plan's KPI per period less today's", "mean"),
    moves: z
      .array(z.object({ from: z.string(), to: z.string(), amount: z.number().describe("Spend per period") }))
      .describe("The plan as moves of spend between channels"),
  })
  .describe("The allocation of the budget that maximises the expected KPI, each channel within its bounds");

const moveSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    amount: z.number().describe("Spend per period moved"),
    period_days: z.number().int().describe("Days per period"),
    ...estimate(
      "gain",
      "KPI per period the move adds (negative: loses), every other channel as today",
      "mean",
    ),
  })
  .describe("What if the spend moved: the fitted curves' expected change, with its interval");

const SIDE_BY_SIDE_VERDICTS = ["agree", "mmm_higher", "mmm_lower"] as const;

const sideBySideSchema = z
  .object({
    models: z.array(z.string()).describe("The click-based attribution models, by label"),
    networks: z.array(
      z.object({
        network: z.string(),
        name: z.string().describe("The network as a reader knows it"),
        attributed: z
          .record(z.string(), z.number())
          .describe("Revenue each attribution model credits, by label"),
        attributed_low: z.number().describe("The least generous model's credit"),
        attributed_high: z.number().describe("The most generous model's credit"),
        ...estimate("incremental", "Revenue the model finds the network's ad spend added"),
        verdict: z
          .enum(SIDE_BY_SIDE_VERDICTS)
          .describe("The model's interval overlaps the models' range, lies above it, or below it"),
      }),
    ),
    unmodelled: z
      .array(
        z.object({
          network: z.string(),
          name: z.string(),
          attributed_low: z.number(),
          attributed_high: z.number(),
        }),
      )
      .describe("Credited through clicks but without ad spend in the model: their sales are in its baseline"),
    sentence: z.string().describe("Where the two disagree and why that can happen"),
  })
  .describe(
    "The model's incremental revenue beside the revenue click-based attribution credits, per network",
  );

const liftTestFields = {
  channel: networkChannelField.describe(
    "The network whose ad spend the test measured: the model's channel of that name",
  ),
  start: dayField.describe("First day of the test (YYYY-MM-DD)"),
  end: dayField.describe("Last day of the test (YYYY-MM-DD), included"),
  kpi: nameField
    .default("revenue")
    .describe("What the test measured: revenue, leads, sales or a conversion type (revenue when absent)"),
  incremental: amountField.describe("KPI the channel's spend added over the test, as the test measured it"),
  low: amountField.describe("Lower end of the test's 90% interval"),
  high: amountField.describe("Upper end of the test's 90% interval"),
};

export const liftTestInputSchema = z
  .object({
    ...liftTestFields,
    note: optionalText.optional().describe("How the test was made, e.g. boosts paused in one region"),
  })
  .refine((test) => test.start <= test.end, {
    path: ["end"],
    message: "the last day cannot be before the first day",
  })
  .refine((test) => test.low <= test.incremental && test.incremental <= test.high && test.low < test.high, {
    path: ["incremental"],
    message: "expected low ≤ incremental ≤ high, with low below high",
  })
  .describe("An experiment's measure of a channel: the model takes it in as evidence");
export type LiftTestInput = z.infer<typeof liftTestInputSchema>;

export const liftTestSchema = z.object({
  lift_test_id: z.string().describe("The test's id"),
  channel: z.string(),
  start: z.string(),
  end: z.string(),
  kpi: z.string(),
  incremental: z.number(),
  low: z.number(),
  high: z.number(),
  note: z.string().nullable(),
  created_at: z.string().describe("When it was entered (ISO 8601, UTC)"),
});
export type StoredLiftTest = z.infer<typeof liftTestSchema>;

export const liftTestListSchema = z.object({
  lift_tests: z.array(liftTestSchema).describe("The workspace's lift tests, the oldest first"),
});

const calibrationSchema = z
  .object({
    tests: z.array(
      z.object({
        lift_test_id: z
          .string()
          .nullable()
          .describe("The stored test's id; null for a test read from a file"),
        channel: z.string(),
        start: z.string(),
        end: z.string(),
        incremental: z.number(),
        low: z.number(),
        high: z.number(),
        ...estimate("model_before", "The channel's contribution over the test's window, by the data alone"),
        ...estimate("model_after", "The same with the lift tests taken in"),
        tension: z
          .number()
          .describe("Measured less modelled (data alone), in standard errors of the difference"),
        disagrees: z.boolean().describe("Test and data disagree at the 90% level"),
      }),
    ),
    channels: z.array(
      z.object({
        channel: z.string(),
        ...estimate("roi_before", "The channel's ROI by the data alone"),
        ...estimate("roi_after", "The channel's ROI with the lift tests taken in"),
      }),
    ),
  })
  .describe("How much the lift tests moved the estimates: per test and per channel, before and after");

export const mmmReportSchema = periodSchema.extend({
  kpi: z.string().describe("What the model explains"),
  interval: z.number().describe("Share of the posterior inside every interval (0.9)"),
  cadence: z.enum(["daily", "weekly"]),
  periods: z.number().int().describe("Days or weeks the model read"),
  first_period: z.string().describe("First day of the first period read (YYYY-MM-DD)"),
  last_period: z.string().describe("First day of the last period read (YYYY-MM-DD)"),
  channels: z.array(mmmChannelSchema),
  ...estimate("baseline_share", "Share of the KPI no channel explains"),
  fit: z.object({
    r2: z.number().describe("Share of the KPI's variance the fitted model explains"),
    mape: z.number().describe("Mean absolute percentage error over the periods fitted"),
    holdout_mape: z
      .number()
      .nullable()
      .describe("The same on the last periods, forecast by a model fitted without them"),
    holdout_periods: z.number().int(),
  }),
  sampler: z.object({
    chains: z.number().int(),
    draws: z.number().int(),
    max_rhat: z.number().describe("Largest split R-hat of a channel's ROI: above 1.1 the chains disagree"),
  }),
  notes: z
    .array(z.looseObject({ code: z.string() }))
    .describe("What the model can and cannot say, as facts the paragraph puts in words"),
  paragraph: z.string().describe("What the model can and cannot say, in the reader's language"),
  budget_plan: budgetPlanSchema.nullable().describe("Null unless plan=true or a budget was given"),
  move: moveSchema.nullable().describe("Null unless move_amount, move_from and move_to were given"),
  side_by_side: sideBySideSchema.nullable().describe("Null unless the KPI is revenue"),
  calibration: calibrationSchema
    .nullable()
    .describe("Null unless the workspace has lift tests of this KPI whose window lies in the period"),
});
export type MmmReport = z.infer<typeof mmmReportSchema>;
