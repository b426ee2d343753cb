import { buildDesign, CURVE_GRID, type Design } from "./design.js";
import { type LiftTest, liftTerms, Z_90 } from "./lift-tests.js";
import {
  DEFAULT_SAMPLER,
  type LiftTerm,
  type Posterior,
  type SamplerSettings,
  samplePosterior,
} from "./posterior.js";
import { average, quantile, randomSource } from "./random.js";
import { type Cadence, cadenceOf, checkSeries, DAYS_PER_PERIOD, type MmmSeries } from "./series.js";
import { halfLife, hill } from "./transforms.js";

/** The share of the posterior inside every interval reported. */
const INTERVAL = 0.9;
const TAILS = [(1 - INTERVAL) / 2, (1 + INTERVAL) / 2] as const;
/** Spend multipliers at which each response curve is drawn (1 = the spend of the data). */
const CURVE_MULTIPLIERS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
/** Share of the periods held out at the end to test forecasts, and its floor. */
const HOLDOUT_SHARE = 0.1;
const MIN_HOLDOUT = 4;

/** A posterior mean and median with the equal-tailed interval of INTERVAL around them. */
export interface Estimate {
  mean: number;
  median: number;
  low: number;
  high: number;
}

/**
 * Split R-hat (Gelman et al.): the chains' draws cut in halves, between-half variance against
 * within-half variance. Near 1 when the chains agree; above 1.1 they have not converged.
 */
function splitRhat(values: readonly number[], chains: readonly number[]): number {
  const byChain = new Map<number, number[]>();
  values.forEach((value, d) => {
    const list = byChain.get(chains[d]!) ?? [];
    list.push(value);
    byChain.set(chains[d]!, list);
  });
  const halves = [...byChain.values()].flatMap((list) => {
    const half = Math.floor(list.length / 2);
    return [list.slice(0, half), list.slice(half, 2 * half)];
  });
  const n = Math.min(...halves.map((half) => half.length));
  if (n < 2) return Number.NaN;
  const trimmed = halves.map((half) => half.slice(0, n));
  const means = trimmed.map(average);
  const within = average(
    trimmed.map((half, k) => half.reduce((sum, v) => sum + (v - means[k]!) ** 2, 0) / (n - 1)),
  );
  const grand = average(means);
  const between = (n * means.reduce((sum, m) => sum + (m - grand) ** 2, 0)) / (means.length - 1);
  return Math.sqrt((n - 1) / n + between / n / within);
}

export function estimate(draws: readonly number[]): Estimate {
  return {
    mean: average(draws),
    median: quantile(draws, 0.5),
    low: quantile(draws, TAILS[0]),
    high: quantile(draws, TAILS[1]),
  };
}

/** One posterior draw of a channel's curve: per-period KPI at a steady per-period spend s is effect · hill(s / spendScale). */
export interface CurveDraw {
  effect: number;
  halfSaturation: number;
  shape: number;
}

export interface ChannelFit {
  channel: string;
  /** Total spend over the data. */
  spend: number;
  /** KPI the channel added over the data (against no spend at all). */
  contribution: Estimate;
  roi: Estimate;
  /** KPI per extra unit of spend, had every period's spend been slightly higher. */
  marginalRoi: Estimate;
  /** Split R-hat of the ROI draws across chains. */
  roiRhat: number;
  halfLifeDays: Estimate;
  /** Contribution over the data had every period's spend been multiplied (1 = as spent). */
  responseCurve: { multiplier: number; spend: number; contribution: Estimate; current: boolean }[];
  /** Mean spend per period, the unit of the curves. */
  spendScale: number;
  curveDraws: CurveDraw[];
}

interface FitDiagnostics {
  r2: number;
  /** Mean absolute percentage error over the fitted periods (periods with a KPI of 0 left out). */
  mape: number;
  /** The same on the last periods, forecast by a model fitted without them; null when not asked. */
  holdoutMape: number | null;
  holdoutPeriods: number;
}

/** A lift test against the model: the channel's contribution over its window by the data alone and with the tests. */
interface LiftCheck {
  test: LiftTest;
  before: Estimate;
  after: Estimate;
  /** Measured less modelled (by the data alone), in standard errors of the difference. */
  tension: number;
  /** The tension lies outside ±1.645: experiment and data disagree at the 90% level. */
  disagrees: boolean;
}

/** What the lift tests changed: each channel's ROI by the data alone and with the tests. */
export interface Calibration {
  tests: LiftCheck[];
  channels: { channel: string; roiBefore: Estimate; roiAfter: Estimate }[];
}

export interface MmmFit {
  cadence: Cadence;
  periods: number;
  firstDate: string;
  lastDate: string;
  interval: number;
  channels: ChannelFit[];
  /** Share of the KPI the model gives to the baseline (not to any channel). */
  baselineShare: Estimate;
  fit: FitDiagnostics;
  sampler: {
    chains: number;
    draws: number;
    /** The largest split R-hat of a channel's ROI: above 1.1, more sweeps are needed. */
    maxRhat: number;
  };
  /** Null without lift tests. */
  calibration: Calibration | null;
}

export interface FitOptions {
  seed?: number;
  /** Whether to refit without the last periods to measure forecast error (doubles the time). */
  holdout?: boolean;
  sampler?: Partial<SamplerSettings>;
  /** Experiments' measures of channels, taken as evidence besides the series. */
  liftTests?: readonly LiftTest[];
}

/** Posterior mean of the fitted KPI, period by period over the whole series. */
function fittedKpi(design: Design, posterior: Posterior, periods: number): Float64Array {
  const fitted = new Float64Array(periods);
  for (const draw of posterior.draws) {
    const columns = [...design.baseline, ...draw.curves.map((curve, c) => design.channelColumns[c]![curve]!)];
    columns.forEach((column, j) => {
      const weight = draw.coefficients[j]! / posterior.draws.length;
      for (let t = 0; t < periods; t++) fitted[t]! += weight * column[t]!;
    });
  }
  return fitted.map((v) => posterior.kpiMean + posterior.kpiScale * v);
}

/** The channel's contribution over the lift test's window, per draw, in KPI units. */
function windowContributions(design: Design, posterior: Posterior, lift: LiftTerm): number[] {
  const position = design.baseline.length + lift.channel;
  return posterior.draws.map((draw) => {
    const column = design.channelColumns[lift.channel]![draw.curves[lift.channel]!]!;
    let window = 0;
    for (let t = lift.first; t <= lift.last; t++) window += column[t]!;
    return posterior.kpiScale * draw.coefficients[position]! * window;
  });
}

function standardDeviation(values: readonly number[]): number {
  const mean = average(values);
  return Math.sqrt(average(values.map((v) => (v - mean) ** 2)));
}

/**
 * Compares each lift test with the model fitted on the data alone (`uncalibrated`), and every
 * channel's ROI before and after the tests were taken in.
 */
function calibrationOf(
  series: MmmSeries,
  design: Design,
  calibrated: { posterior: Posterior; channels: ChannelFit[] },
  uncalibrated: Posterior,
  tests: readonly LiftTest[],
  lifts: readonly LiftTerm[],
): Calibration {
  return {
    tests: lifts.map((lift, k) => {
      const before = windowContributions(design, uncalibrated, lift);
      const tension =
        (tests[k]!.incremental - average(before)) /
        Math.sqrt(lift.standardError ** 2 + standardDeviation(before) ** 2);
      return {
        test: tests[k]!,
        before: estimate(before),
        after: estimate(windowContributions(design, calibrated.posterior, lift)),
        tension,
        disagrees: Math.abs(tension) > Z_90,
      };
    }),
    channels: calibrated.channels.map((channel, c) => ({
      channel: channel.channel,
      roiBefore: channelFit(series, design, uncalibrated, c).fit.roi,
      roiAfter: channel.roi,
    })),
  };
}

function meanAbsolutePercentageError(actual: readonly number[], predicted: ArrayLike<number>): number {
  const errors = actual.flatMap((value, t) =>
    value === 0 ? [] : [Math.abs((value - predicted[t]!) / value)],
  );
  return average(errors);
}

function rSquared(actual: readonly number[], predicted: ArrayLike<number>): number {
  const mean = average(actual);
  let residual = 0;
  let total = 0;
  actual.forEach((value, t) => {
    residual += (value - predicted[t]!) ** 2;
    total += (value - mean) ** 2;
  });
  return 1 - residual / total;
}

function channelFit(
  series: MmmSeries,
  design: Design,
  posterior: Posterior,
  channel: number,
): { fit: ChannelFit; contributions: number[] } {
  const { name, spend: spends } = series.channels[channel]!;
  const spend = spends.reduce((sum, v) => sum + v, 0);
  const position = design.baseline.length + channel;
  const effects = posterior.draws.map((draw) => posterior.kpiScale * draw.coefficients[position]!);
  const curves = posterior.draws.map((draw) => CURVE_GRID[draw.curves[channel]!]!);
  // Sums over the periods per grid point, computed once for the grid points the draws visit.
  const sums = new Map<number, { contributions: number[]; marginal: number }>();
  const sumsOf = (index: number) => {
    let known = sums.get(index);
    if (!known) {
      const { decay, halfSaturation, shape } = CURVE_GRID[index]!;
      const carried = design.carried[channel]!.get(decay)!;
      const contributions = CURVE_MULTIPLIERS.map((m) =>
        carried.reduce((sum, level) => sum + hill(m * level, halfSaturation, shape), 0),
      );
      // d/dm hill(m·a) at m = 1 is shape·h·(1 - h).
      const marginal = carried.reduce((sum, level) => {
        const h = hill(level, halfSaturation, shape);
        return sum + shape * h * (1 - h);
      }, 0);
      known = { contributions, marginal };
      sums.set(index, known);
    }
    return known;
  };
  const current = CURVE_MULTIPLIERS.indexOf(1);
  const contributionAt = (k: number) =>
    posterior.draws.map((draw, d) => effects[d]! * sumsOf(draw.curves[channel]!).contributions[k]!);
  const contributions = contributionAt(current);
  const rois = contributions.map((c) => c / spend);
  const fit: ChannelFit = {
    channel: name,
    spend,
    contribution: estimate(contributions),
    roi: estimate(rois),
    marginalRoi: estimate(
      posterior.draws.map((draw, d) => (effects[d]! * sumsOf(draw.curves[channel]!).marginal) / spend),
    ),
    roiRhat: splitRhat(
      rois,
      posterior.draws.map((draw) => draw.chain),
    ),
    halfLifeDays: estimate(curves.map((curve) => halfLife(curve.decay) * DAYS_PER_PERIOD[design.cadence])),
    responseCurve: CURVE_MULTIPLIERS.map((multiplier, k) => ({
      multiplier,
      spend: multiplier * spend,
      contribution: estimate(contributionAt(k)),
      current: k === current,
    })),
    spendScale: design.spendScale[channel]!,
    curveDraws: curves.map((curve, d) => ({
      effect: effects[d]!,
      halfSaturation: curve.halfSaturation,
      shape: curve.shape,
    })),
  };
  return { fit, contributions };
}

/**
 * Fits the model to a series (and lift tests) and summarises its posterior. Refuses
 * (MmmDataError) data that cannot carry it, and (LiftTestError) a test the series cannot take.
 * The same series and seed give the same figures.
 */
export function fitMmm(series: MmmSeries, options: FitOptions = {}): MmmFit {
  const cadence = cadenceOf(series.dates);
  const periods = series.dates.length;
  const holdoutPeriods =
    options.holdout === false ? 0 : Math.max(MIN_HOLDOUT, Math.ceil(HOLDOUT_SHARE * periods));
  const design = buildDesign(series, cadence, periods);
  checkSeries(series, design.baseline.length + series.channels.length, periods - holdoutPeriods);
  const settings = { ...DEFAULT_SAMPLER, ...options.sampler };
  const random = randomSource(options.seed ?? 1);
  const tests = options.liftTests ?? [];
  const lifts = liftTerms(series, tests);
  const posterior = samplePosterior(design, series.kpi, periods, settings, random, lifts);
  const fitted = fittedKpi(design, posterior, periods);
  let holdoutMape: number | null = null;
  if (holdoutPeriods > 0) {
    const trainingPeriods = periods - holdoutPeriods;
    const trainingDesign = buildDesign(series, cadence, trainingPeriods);
    const training = samplePosterior(trainingDesign, series.kpi, trainingPeriods, settings, random, lifts);
    const forecast = fittedKpi(trainingDesign, training, periods).slice(trainingPeriods);
    holdoutMape = meanAbsolutePercentageError(series.kpi.slice(trainingPeriods), forecast);
  }
  const channels = series.channels.map((_, c) => channelFit(series, design, posterior, c));
  const totalKpi = series.kpi.reduce((sum, v) => sum + v, 0);
  const baselineShares = posterior.draws.map(
    (_, d) => 1 - channels.reduce((sum, channel) => sum + channel.contributions[d]!, 0) / totalKpi,
  );
  const channelFits = channels.map((channel) => channel.fit);
  const calibration =
    lifts.length === 0
      ? null
      : calibrationOf(
          series,
          design,
          { posterior, channels: channelFits },
          samplePosterior(design, series.kpi, periods, settings, random),
          tests,
          lifts,
        );
  return {
    cadence,
    periods,
    firstDate: series.dates[0]!,
    lastDate: series.dates[periods - 1]!,
    interval: INTERVAL,
    channels: channelFits,
    baselineShare: estimate(baselineShares),
    fit: {
      r2: rSquared(series.kpi, fitted),
      mape: meanAbsolutePercentageError(series.kpi, fitted),
      holdoutMape,
      holdoutPeriods,
    },
    sampler: {
      chains: settings.chains,
      draws: posterior.draws.length,
      maxRhat: Math.max(...channelFits.map((channel) => channel.roiRhat)),
    },
    calibration,
  };
}
