import { Matrix, solve } from "ml-matrix";

/** The time series a marketing mix model reads: one row per day or week, oldest first. */
export interface MmmSeries {
  /** ISO days (YYYY-MM-DD), consecutive days or consecutive weeks. */
  dates: readonly string[];
  kpi: readonly number[];
  channels: readonly { name: string; spend: readonly number[] }[];
  /** Known drivers of the KPI besides spend (promotions, holidays, price). */
  controls: readonly { name: string; values: readonly number[] }[];
}

export type Cadence = "daily" | "weekly";

export const DAYS_PER_PERIOD: Record<Cadence, number> = { daily: 1, weekly: 7 };

/** Why the data cannot carry a model; each names what the user would have to change. */
export type MmmDataProblem =
  | "no_channels"
  | "irregular_dates"
  | "too_few_periods"
  | "no_spend_variation"
  | "collinear_channels"
  | "constant_kpi";

/** The data are refused: any figure fitted on them would look precise and mean nothing. */
export class MmmDataError extends Error {
  override name = "MmmDataError";
  constructor(
    readonly problem: MmmDataProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Periods of history a model needs per linear parameter it estimates, and at the least. */
const PERIODS_PER_PARAMETER = 4;
const MIN_PERIODS = 26;
/** A channel whose spend moves less than this (coefficient of variation) gives nothing to learn from. */
const MIN_SPEND_VARIATION = 0.05;
/** Above this share of one channel's spend explained by the others, their effects cannot be told apart. */
const MAX_SHARED_VARIANCE = 0.95;

const MS_PER_DAY = 86_400_000;

/** Daily or weekly, from the gaps between dates; anything else is refused. */
export function cadenceOf(dates: readonly string[]): Cadence {
  if (dates.length < 2) {
    throw new MmmDataError(
      "too_few_periods",
      `${dates.length} period is too few: a model needs months of history`,
    );
  }
  const days = dates.map((date) => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
  const gap = (days[1] ?? Number.NaN) - days[0]!;
  if (gap !== 1 && gap !== 7) {
    throw new MmmDataError(
      "irregular_dates",
      `the dates must be consecutive days or consecutive weeks; ${dates[0]} is followed by ${dates[1] ?? "nothing"}`,
    );
  }
  for (let i = 1; i < days.length; i++) {
    if (days[i]! - days[i - 1]! !== gap) {
      throw new MmmDataError(
        "irregular_dates",
        `the dates must be consecutive ${gap === 1 ? "days" : "weeks"}; ${dates[i - 1]} is followed by ${dates[i]}`,
      );
    }
  }
  return gap === 1 ? "daily" : "weekly";
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const meanA = a.reduce((sum, v) => sum + v, 0) / a.length;
  const meanB = b.reduce((sum, v) => sum + v, 0) / b.length;
  let product = 0;
  let squaresA = 0;
  let squaresB = 0;
  a.forEach((value, t) => {
    product += (value - meanA) * (b[t]! - meanB);
    squaresA += (value - meanA) ** 2;
    squaresB += (b[t]! - meanB) ** 2;
  });
  return product / Math.sqrt(squaresA * squaresB);
}

/** Standard deviation over mean: how much a series moves, whatever its scale; 0 for a mean of 0 or less. */
export function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return mean > 0 ? Math.sqrt(variance) / mean : 0;
}

/** Share of a column's variance explained by other columns (with an intercept), by least squares. */
function sharedVariance(target: readonly number[], others: readonly (readonly number[])[]): number {
  const rows = target.length;
  const design = new Matrix(rows, others.length + 1);
  for (let t = 0; t < rows; t++) {
    design.set(t, 0, 1);
    others.forEach((column, j) => {
      design.set(t, j + 1, column[t]!);
    });
  }
  const response = Matrix.columnVector([...target]);
  const fitted = design.mmul(solve(design, response, true));
  const mean = target.reduce((sum, v) => sum + v, 0) / rows;
  let residual = 0;
  let total = 0;
  for (let t = 0; t < rows; t++) {
    residual += (target[t]! - fitted.get(t, 0)) ** 2;
    total += (target[t]! - mean) ** 2;
  }
  return 1 - residual / total;
}

/**
 * Refuses data a model cannot honestly be fitted on: too short for its parameters, a channel
 * whose spend never moves, channels whose spends move together. `parameters` counts the linear
 * ones (baseline, controls and one per channel).
 */
export function checkSeries(series: MmmSeries, parameters: number, trainingPeriods: number): void {
  if (series.channels.length === 0) {
    throw new MmmDataError(
      "no_channels",
      "no channel has any spend over these dates: there is no effect to estimate (ad costs per network make the channels)",
    );
  }
  const needed = Math.max(MIN_PERIODS, PERIODS_PER_PARAMETER * parameters);
  if (trainingPeriods < needed) {
    throw new MmmDataError(
      "too_few_periods",
      `${series.dates.length} periods are too few: a model of ${series.channels.length} channels and ${series.controls.length} controls estimates ${parameters} effects and needs at least ${needed} periods to fit${trainingPeriods < series.dates.length ? ` besides the ${series.dates.length - trainingPeriods} held out to test it` : ""}`,
    );
  }
  if (coefficientOfVariation(series.kpi) < 1e-9) {
    throw new MmmDataError("constant_kpi", "the KPI never changes: there is nothing to explain");
  }
  for (const channel of series.channels) {
    if (coefficientOfVariation(channel.spend) < MIN_SPEND_VARIATION) {
      throw new MmmDataError(
        "no_spend_variation",
        `the spend of channel "${channel.name}" hardly varies over time: its effect cannot be told from the baseline (vary its spend, or leave it out)`,
      );
    }
  }
  if (series.channels.length < 2) return;
  for (const channel of series.channels) {
    const others = series.channels.filter((other) => other !== channel);
    const shared = sharedVariance(
      channel.spend,
      others.map((other) => other.spend),
    );
    if (shared > MAX_SHARED_VARIANCE) {
      const closest = others.reduce((a, b) =>
        Math.abs(correlation(channel.spend, a.spend)) >= Math.abs(correlation(channel.spend, b.spend))
          ? a
          : b,
      );
      throw new MmmDataError(
        "collinear_channels",
        `the spend of channel "${channel.name}" moves with the other channels' (${(shared * 100).toFixed(1)}% of its variation shared; most with "${closest.name}", correlation ${correlation(channel.spend, closest.spend).toFixed(2)}): their effects cannot be told apart (vary them separately, or add them up as one channel)`,
      );
    }
  }
}
