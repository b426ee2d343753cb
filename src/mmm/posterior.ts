import { CholeskyDecomposition, inverse, Matrix } from "ml-matrix";
import type { Design } from "./design.js";
import type { RandomSource } from "./random.js";

/**
 * The Bayesian fit. The KPI, standardised, is
 *   y = baseline·γ + Σ_c β_c · hill(adstock(spend_c; decay_c); halfSaturation_c, shape_c) + ε,  ε ~ N(0, σ²)
 * with priors
 *   (decay, halfSaturation, shape)_c  uniform over CURVE_GRID, independently per channel,
 *   σ² ~ InverseGamma(PRIOR_SHAPE, PRIOR_SCALE),
 *   γ | σ² ~ Normal(0, σ² V_γ) and β_c | σ² ~ Normal⁺(0, σ² v_β): weak, as the KPI is
 *   standardised and the curves lie in 0–1; channel effects truncated to be positive.
 *
 * A Gibbs sampler draws, channel by channel, the grid point and β_c together from their exact
 * conditional with β_c and the baseline γ integrated out (given the other channels' effects
 * and σ²), then β_c from its truncated normal, then γ and σ² from theirs. Integrating β_c out
 * keeps the strongly correlated pair (curve, effect) moving together; integrating γ out keeps a
 * channel from being held back by the intercept its column overlaps.
 *
 * Positivity. The truncated normal prior keeps every conditional closed-form: β_c's is a normal
 * truncated at zero, and the grid point's weight gains the posterior mass of β_c > 0, Φ(m/sd).
 * So the sampler targets the positive posterior itself. Drawing from the untruncated posterior
 * and rejecting negative effects was tried first: where the untruncated posterior puts nearly
 * all its mass on a negative effect, the chain stays among grid points the truncated posterior
 * barely visits and no draw is kept. A LogNormal prior on ROI (as Meridian's) would leave the
 * conjugate family and need importance weights, which degenerate once the data are informative.
 *
 * Lift tests. A test measuring L (standard error τ) of channel c's contribution over a window is
 * one more observation, L ~ N(β_c · w, τ²) with w the window's sum of the channel's column: linear
 * in β_c, so β_c's conditional stays a (truncated) normal whose precision and shift gain w²/τ² and
 * w·L/τ², and the grid point's weight follows from them exactly. τ is the test's own error, not a
 * share of σ²: γ, σ² and their conditionals are unchanged. Importance reweighting of uncalibrated
 * draws would have been the alternative; a precise test leaves few draws with any weight.
 */

const PRIOR_SHAPE = 1;
const PRIOR_SCALE = 0.05;
const PRIOR_VARIANCE = { intercept: 100, baseline: 10, channel: 400 };

export interface SamplerSettings {
  /** Chains started at different random grid points: their agreement (R-hat) checks convergence. */
  chains: number;
  /** Sweeps per chain before drawing, and drawing (one draw each). */
  burnIn: number;
  sweeps: number;
}

export const DEFAULT_SAMPLER: SamplerSettings = { chains: 2, burnIn: 300, sweeps: 1000 };

interface PosteriorDraw {
  chain: number;
  /** Per channel, its index in CURVE_GRID. */
  curves: number[];
  /** Baseline coefficients then channel coefficients, in units of the standardised KPI. */
  coefficients: Float64Array;
}

/** A lift test in the sampler's terms: periods first…last (inclusive), in KPI units. */
export interface LiftTerm {
  channel: number;
  first: number;
  last: number;
  incremental: number;
  standardError: number;
}

export interface Posterior {
  draws: PosteriorDraw[];
  kpiMean: number;
  kpiScale: number;
}

/** Inner products of every column with every other and with the KPI, over the fitted periods. */
interface Gram {
  size: number;
  products: Float64Array;
  withKpi: Float64Array;
  kpiSquares: number;
  /** Where each channel's candidate columns start. */
  offsets: number[];
}

function gramOf(design: Design, kpi: Float64Array, periods: number): Gram {
  const columns = [...design.baseline, ...design.channelColumns.flat()];
  const matrix = new Matrix(periods, columns.length);
  columns.forEach((column, j) => {
    for (let t = 0; t < periods; t++) matrix.set(t, j, column[t]!);
  });
  const withKpi = matrix.transposeMultiply(Matrix.columnVector(Array.from(kpi)));
  let kpiSquares = 0;
  for (const value of kpi) kpiSquares += value * value;
  const offsets: number[] = [];
  let offset = design.baseline.length;
  for (const candidates of design.channelColumns) {
    offsets.push(offset);
    offset += candidates.length;
  }
  return {
    size: columns.length,
    products: Float64Array.from(matrix.gram().to1DArray()),
    withKpi: Float64Array.from(withKpi.to1DArray()),
    kpiSquares,
    offsets,
  };
}

/** The product of columns i and j; the Gram matrix is symmetric, and rows i are contiguous. */
function product(gram: Gram, i: number, j: number): number {
  return gram.products[i * gram.size + j]!;
}

/**
 * Per column of the Gram matrix, what the lift tests of its channel add to β_c's conditional
 * (standardised units): precision Σ w²/τ² and shift Σ w·L/τ². Zero for a channel with no test.
 */
interface LiftEvidence {
  precision: Float64Array;
  shift: Float64Array;
}

function liftEvidenceOf(
  design: Design,
  gram: Gram,
  lifts: readonly LiftTerm[],
  kpiScale: number,
): LiftEvidence {
  const precision = new Float64Array(gram.size);
  const shift = new Float64Array(gram.size);
  for (const lift of lifts) {
    const error = lift.standardError / kpiScale;
    design.channelColumns[lift.channel]!.forEach((column, j) => {
      let window = 0;
      for (let t = lift.first; t <= lift.last; t++) window += column[t]!;
      precision[gram.offsets[lift.channel]! + j]! += (window / error) ** 2;
      shift[gram.offsets[lift.channel]! + j]! += (window * lift.incremental) / kpiScale / error ** 2;
    });
  }
  return { precision, shift };
}

/**
 * The baseline's fixed part: A = B'B + prior precision, its inverse and the factor that draws γ,
 * and per candidate column z the terms that integrating γ out adds: A⁻¹B'z and the precision of
 * β_c left, z'z + 1/v_β - z'B·A⁻¹B'z.
 */
interface Baseline {
  size: number;
  inverse: Float64Array;
  /** L'⁻¹ for A = L·L': L'⁻¹·ε has covariance A⁻¹. */
  drawFactor: Matrix;
  solvedColumns: Float64Array[];
  precisionLeft: Float64Array;
}

function baselineOf(gram: Gram, size: number): Baseline {
  const precision = Matrix.from1DArray(
    size,
    size,
    Array.from({ length: size * size }, (_, k) => {
      const [a, b] = [Math.floor(k / size), k % size];
      const prior = a !== b ? 0 : 1 / (a === 0 ? PRIOR_VARIANCE.intercept : PRIOR_VARIANCE.baseline);
      return product(gram, a, b) + prior;
    }),
  );
  const cholesky = new CholeskyDecomposition(precision);
  const inverseFlat = Float64Array.from(inverse(precision).to1DArray());
  const solvedColumns: Float64Array[] = [];
  const precisionLeft = new Float64Array(gram.size);
  for (let column = size; column < gram.size; column++) {
    const solved = new Float64Array(size);
    let overlap = 0;
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) solved[a]! += inverseFlat[a * size + b]! * product(gram, column, b);
      overlap += product(gram, column, a) * solved[a]!;
    }
    solvedColumns[column] = solved;
    precisionLeft[column] = product(gram, column, column) + 1 / PRIOR_VARIANCE.channel - overlap;
  }
  return {
    size,
    inverse: inverseFlat,
    drawFactor: inverse(cholesky.lowerTriangularMatrix).transpose(),
    solvedColumns,
    precisionLeft,
  };
}

/** log Φ(x), accurate far into the lower tail (Numerical Recipes' erfc, relative error < 1.2e-7). */
function logNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const logErfc =
    Math.log(t) -
    z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return x < 0 ? Math.log(0.5) + logErfc : Math.log1p(-0.5 * Math.exp(logErfc));
}

/** A draw of Normal(mean, sd²) truncated to positive values. */
function positiveNormal(mean: number, sd: number, random: RandomSource): number {
  const bound = -mean / sd;
  if (bound < 0.5) {
    // The mass above zero is at least 31%: drawing until positive is quick.
    for (;;) {
      const value = mean + sd * random.normal();
      if (value > 0) return value;
    }
  }
  // Deep in the tail: Robert's (1995) exponential proposal, optimal rate.
  const rate = (bound + Math.sqrt(bound * bound + 4)) / 2;
  for (;;) {
    const z = bound - Math.log(1 - random.uniform()) / rate;
    if (random.uniform() <= Math.exp(-((z - rate) ** 2) / 2)) return mean + sd * z;
  }
}

function pickCategorical(logWeights: Float64Array, random: RandomSource): number {
  let top = Number.NEGATIVE_INFINITY;
  for (const w of logWeights) top = Math.max(top, w);
  let total = 0;
  const weights = logWeights.map((w) => {
    const weight = Math.exp(w - top);
    total += weight;
    return weight;
  });
  let target = random.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target <= 0) return i;
  }
  return weights.length - 1;
}

/** One chain's state: the chosen column of each channel, every coefficient, σ². */
interface ChainState {
  columns: number[];
  /** Baseline coefficients then channel coefficients. */
  coefficients: Float64Array;
  variance: number;
}

/**
 * Draws channel c's grid point and effect given the other channels' effects and σ², with γ
 * and β_c integrated out for the grid point: for candidate z, β_c's conditional is normal with
 * precision P = s/σ² + lift precision (s = precisionLeft) and shift h = (z'r - z'B·A⁻¹B'r)/σ² +
 * lift shift, r the KPI less the other channels, so mean h/P; its weight is
 * P^-½ · exp(h²/2P) · Φ(h/√P).
 */
function drawChannel(
  gram: Gram,
  baseline: Baseline,
  lifts: LiftEvidence,
  state: ChainState,
  channel: number,
  candidates: number,
  random: RandomSource,
): void {
  const q = baseline.size;
  const others = state.columns.flatMap((column, k) =>
    k === channel ? [] : [[column, state.coefficients[q + k]!] as const],
  );
  // B'r: the baseline's inner products with the KPI less the other channels.
  const baselineResidual = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    let value = gram.withKpi[a]!;
    for (const [column, effect] of others) value -= product(gram, column, a) * effect;
    baselineResidual[a] = value;
  }
  const logWeights = new Float64Array(candidates);
  const means = new Float64Array(candidates);
  const precisions = new Float64Array(candidates);
  for (let j = 0; j < candidates; j++) {
    const column = gram.offsets[channel]! + j;
    let residual = gram.withKpi[column]!;
    for (const [other, effect] of others) residual -= product(gram, other, column) * effect;
    const solved = baseline.solvedColumns[column]!;
    for (let a = 0; a < q; a++) residual -= solved[a]! * baselineResidual[a]!;
    const precision = baseline.precisionLeft[column]! / state.variance + lifts.precision[column]!;
    const shift = residual / state.variance + lifts.shift[column]!;
    precisions[j] = precision;
    means[j] = shift / precision;
    logWeights[j] =
      -0.5 * Math.log(precision) +
      (shift * shift) / (2 * precision) +
      logNormalCdf(shift / Math.sqrt(precision));
  }
  const chosen = pickCategorical(logWeights, random);
  state.columns[channel] = gram.offsets[channel]! + chosen;
  state.coefficients[q + channel] = positiveNormal(
    means[chosen]!,
    1 / Math.sqrt(precisions[chosen]!),
    random,
  );
}

/** γ given the channels' effects and σ²: normal, mean A⁻¹B'(y - channels), covariance σ²A⁻¹. */
function drawBaseline(gram: Gram, baseline: Baseline, state: ChainState, random: RandomSource): void {
  const q = baseline.size;
  const target = Float64Array.from({ length: q }, (_, a) => {
    let value = gram.withKpi[a]!;
    state.columns.forEach((column, k) => {
      value -= product(gram, column, a) * state.coefficients[q + k]!;
    });
    return value;
  });
  const sigma = Math.sqrt(state.variance);
  const noise = Array.from({ length: q }, () => random.normal());
  for (let a = 0; a < q; a++) {
    let mean = 0;
    let spread = 0;
    for (let b = 0; b < q; b++) {
      mean += baseline.inverse[a * q + b]! * target[b]!;
      spread += baseline.drawFactor.get(a, b) * noise[b]!;
    }
    state.coefficients[a] = mean + sigma * spread;
  }
}

/** σ² given everything else: inverse gamma, the residual and the coefficients' prior both informing it. */
function drawVariance(
  gram: Gram,
  baseline: Baseline,
  state: ChainState,
  periods: number,
  random: RandomSource,
): void {
  const q = baseline.size;
  const columns = [...Array.from({ length: q }, (_, a) => a), ...state.columns];
  let residualSquares = gram.kpiSquares;
  let priorSquares = 0;
  columns.forEach((i, a) => {
    const coefficient = state.coefficients[a]!;
    residualSquares -= 2 * coefficient * gram.withKpi[i]!;
    columns.forEach((j, b) => {
      residualSquares += coefficient * state.coefficients[b]! * product(gram, i, j);
    });
    const variance =
      a === 0 ? PRIOR_VARIANCE.intercept : a < q ? PRIOR_VARIANCE.baseline : PRIOR_VARIANCE.channel;
    priorSquares += (coefficient * coefficient) / variance;
  });
  const shape = PRIOR_SHAPE + (periods + columns.length) / 2;
  const scale = PRIOR_SCALE + 0.5 * (Math.max(residualSquares, 0) + priorSquares);
  state.variance = scale / random.gamma(shape);
}

/** Posterior draws from the first `periods` periods of the KPI (the rest held out) and the lift tests. */
export function samplePosterior(
  design: Design,
  kpi: readonly number[],
  periods: number,
  settings: SamplerSettings,
  random: RandomSource,
  lifts: readonly LiftTerm[] = [],
): Posterior {
  const fitted = kpi.slice(0, periods);
  const kpiMean = fitted.reduce((sum, v) => sum + v, 0) / periods;
  const kpiScale = Math.sqrt(fitted.reduce((sum, v) => sum + (v - kpiMean) ** 2, 0) / periods);
  const standardised = Float64Array.from(fitted, (v) => (v - kpiMean) / kpiScale);
  const gram = gramOf(design, standardised, periods);
  const baseline = baselineOf(gram, design.baseline.length);
  const liftEvidence = liftEvidenceOf(design, gram, lifts, kpiScale);
  const channels = design.channelColumns.length;
  const draws: PosteriorDraw[] = [];
  for (let chain = 0; chain < settings.chains; chain++) {
    const state: ChainState = {
      columns: design.channelColumns.map(
        (candidates, c) => gram.offsets[c]! + Math.floor(random.uniform() * candidates.length),
      ),
      coefficients: new Float64Array(baseline.size + channels),
      variance: 1,
    };
    for (let sweep = 0; sweep < settings.burnIn + settings.sweeps; sweep++) {
      for (let c = 0; c < channels; c++)
        drawChannel(gram, baseline, liftEvidence, state, c, design.channelColumns[c]!.length, random);
      drawBaseline(gram, baseline, state, random);
      drawVariance(gram, baseline, state, periods, random);
      if (sweep >= settings.burnIn) {
        draws.push({
          chain,
          curves: state.columns.map((column, c) => column - gram.offsets[c]!),
          coefficients: Float64Array.from(state.coefficients),
        });
      }
    }
  }
  return { draws, kpiMean, kpiScale };
}
