import { Command } from "commander";
import { type Estimate, fitMmm, type MmmFit } from "../../mmm/fit-model.js";
import { type BudgetPlan, BudgetPlanError, currentSpend, planBudget } from "../../mmm/plan-budget.js";
import { readSeriesFile, SeriesFileError } from "../../mmm/read-series.js";
import { MmmDataError } from "../../mmm/series.js";
import { formatTable } from "../print-table.js";
import { fail, printJson, UserError } from "../run-command.js";

interface MmmCliOptions {
  series: string;
  kpi: string;
  seed: string;
  plan?: boolean;
  budget?: string;
  maxChange: string;
  json?: boolean;
}

/**
 * An estimate as the JSON's flat fields: `name` (the posterior median unless said otherwise: ROI
 * posteriors are skewed, and their median errs less than their mean on simulated data),
 * `name_mean`, `name_low`, `name_high`.
 */
function flat(name: string, value: Estimate, point: "median" | "mean" = "median"): Record<string, number> {
  return {
    [name]: value[point],
    [`${name}_mean`]: value.mean,
    [`${name}_low`]: value.low,
    [`${name}_high`]: value.high,
  };
}

function planJson(plan: BudgetPlan) {
  return {
    period_days: plan.periodDays,
    budget: plan.budget,
    channels: plan.channels,
    // The plan maximises the expected KPI: its figures are posterior means.
    ...flat("current_kpi", plan.currentKpi, "mean"),
    ...flat("planned_kpi", plan.plannedKpi, "mean"),
    ...flat("gain", plan.gain, "mean"),
    moves: plan.moves,
  };
}

function toJson(kpi: string, fit: MmmFit, plan: BudgetPlan | undefined) {
  return {
    kpi,
    interval: fit.interval,
    cadence: fit.cadence,
    periods: fit.periods,
    from: fit.firstDate,
    to: fit.lastDate,
    channels: fit.channels.map((channel) => ({
      channel: channel.channel,
      spend: channel.spend,
      ...flat("contribution", channel.contribution),
      ...flat("roi", channel.roi),
      ...flat("marginal_roi", channel.marginalRoi),
      ...flat("half_life_days", channel.halfLifeDays),
      response_curve: channel.responseCurve.map((point) => ({
        spend: point.spend,
        ...flat("contribution", point.contribution),
        current: point.current,
      })),
    })),
    ...flat("baseline_share", fit.baselineShare),
    fit: {
      r2: fit.fit.r2,
      mape: fit.fit.mape,
      holdout_mape: fit.fit.holdoutMape,
      holdout_periods: fit.fit.holdoutPeriods,
    },
    sampler: fit.sampler,
    ...(plan ? { budget_plan: planJson(plan) } : {}),
  };
}

const range = (value: Estimate, digits: number, point: "median" | "mean" = "median") =>
  `${value[point].toFixed(digits)} (${value.low.toFixed(digits)}–${value.high.toFixed(digits)})`;

function formatFit(kpi: string, fit: MmmFit): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  return [
    `Marketing mix model of ${kpi}, ${fit.periods} ${fit.cadence === "daily" ? "days" : "weeks"} from ${fit.firstDate} to ${fit.lastDate}; ${fit.interval * 100}% intervals in brackets.`,
    "",
    formatTable(fit.channels, [
      { header: "channel", value: (c) => c.channel },
      { header: "spend", value: (c) => c.spend },
      { header: `${kpi} added`, value: (c) => range(c.contribution, 0) },
      { header: "ROI", value: (c) => range(c.roi, 2) },
      { header: "marginal ROI", value: (c) => range(c.marginalRoi, 2) },
      { header: "half-life (days)", value: (c) => range(c.halfLifeDays, 1) },
    ]),
    "",
    `Baseline (what no channel explains): ${percent(fit.baselineShare.median)} of ${kpi} (${percent(fit.baselineShare.low)}–${percent(fit.baselineShare.high)}).`,
    `Fit: R² ${fit.fit.r2.toFixed(3)}, MAPE ${percent(fit.fit.mape)}${fit.fit.holdoutMape === null ? "" : `, MAPE on the last ${fit.fit.holdoutPeriods} periods forecast without them ${percent(fit.fit.holdoutMape)}`}.`,
    "",
  ].join("\n");
}

function formatPlan(kpi: string, plan: BudgetPlan): string {
  const per = plan.periodDays === 1 ? "day" : "week";
  const amount = (value: number) => Math.round(value).toLocaleString("en-US");
  const moves = plan.moves.map(
    (move) => `Move ${amount(move.amount)} per ${per} from ${move.from} to ${move.to}.`,
  );
  return [
    `Budget plan: ${amount(plan.budget)} per ${per} across the channels, each within its bounds.`,
    "",
    formatTable(plan.channels, [
      { header: "channel", value: (c) => c.channel },
      { header: `today per ${per}`, value: (c) => Math.round(c.current) },
      { header: "lowest", value: (c) => Math.round(c.lower) },
      { header: "highest", value: (c) => Math.round(c.upper) },
      { header: "planned", value: (c) => Math.round(c.planned) },
    ]),
    "",
    ...(moves.length > 0
      ? moves
      : ["Keep today's allocation: no move within the bounds is expected to earn more."]),
    `Expected ${kpi} from the channels: ${range(plan.currentKpi, 0, "mean")} per ${per} today, ${range(plan.plannedKpi, 0, "mean")} under the plan; gain ${range(plan.gain, 0, "mean")}.`,
    "",
  ].join("\n");
}

/** A positive number option, or undefined when not given. */
function positiveOption(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UserError(`${option}: expected a number of at least 0, got "${text}"`);
  return value;
}

export function mmmCommand(): Command {
  return new Command("mmm")
    .description("marketing mix model: each channel's incremental KPI, ROI and marginal ROI with intervals")
    .requiredOption("--series <file>", "CSV: date,kpi,spend_<channel>…[,control_<name>…], daily or weekly")
    .option("--kpi <name>", "what the kpi column measures (revenue, leads, …)", "kpi")
    .option("--seed <n>", "seed of the posterior sampler", "1")
    .option("--plan", "also plan the budget across channels under the fitted curves")
    .option(
      "--budget <amount>",
      "spend per period (day or week) to plan (default: today's, the last 4 weeks' mean)",
    )
    .option(
      "--max-change <share>",
      "largest change of a channel's spend in the plan, as a share of today's",
      "0.3",
    )
    .option("--json", "print JSON")
    .action(async (options: MmmCliOptions) => {
      try {
        const seed = Number(options.seed);
        if (!Number.isInteger(seed))
          throw new UserError(`--seed: expected an integer, got "${options.seed}"`);
        const budget = positiveOption(options.budget, "--budget");
        const maxChange = positiveOption(options.maxChange, "--max-change");
        const series = await readSeriesFile(options.series);
        const fit = fitMmm(series, { seed });
        const plan =
          options.plan || budget !== undefined
            ? planBudget(fit, currentSpend(series, fit), { budget, maxChange })
            : undefined;
        if (options.json) printJson(toJson(options.kpi, fit, plan));
        else
          process.stdout.write(
            formatFit(options.kpi, fit) + (plan ? `\n${formatPlan(options.kpi, plan)}` : ""),
          );
      } catch (error) {
        // These are written for the user; a refused series is told against its file.
        if (error instanceof SeriesFileError || error instanceof BudgetPlanError)
          fail(new UserError(error.message), options.json);
        else if (error instanceof MmmDataError)
          fail(new UserError(`${options.series}: ${error.message}`), options.json);
        else fail(error, options.json);
      }
    });
}
