import { seededRandom } from "../domain/seeded-random.js";
import type { PostObservation } from "./post-features.js";
import { YES_NO_FEATURES } from "./post-features.js";
import { holmAdjust, mean, quantileSorted, twoSidedP, variance } from "./statistics.js";

export interface DriverOptions {
  /** Fewest posts with, and without, a trait before its lift is estimated. */
  minGroup: number;
  resamples: number;
  seed: number;
  /** Family-wise error rate of the Holm correction. */
  alpha: number;
}

export const DEFAULT_DRIVER_OPTIONS: DriverOptions = {
  minGroup: 10,
  resamples: 1000,
  seed: 20240601,
  alpha: 0.05,
};

export interface Driver {
  feature: string;
  value: string;
  lift: number;
  ci_low: number;
  ci_high: number;
  /** Posts with the trait behind the estimate. */
  n: number;
  n_without: number;
  /** Holm-adjusted p-value. */
  p_value: number;
  significant: boolean;
}

interface ThinTrait {
  feature: string;
  value: string;
  n: number;
  n_without: number;
}

export interface DriverAnalysis {
  drivers: Driver[];
  /** Traits seen on too few posts (or on too many: nothing left to compare with). */
  not_enough_data: ThinTrait[];
  tests: number;
}

/** Posts with and without a trait, per network. */
interface Stratum {
  with: number[];
  without: number[];
}

function strataFor(
  posts: readonly PostObservation[],
  feature: string,
  value: string,
  byNetwork: boolean,
): Stratum[] {
  const strata = new Map<string, Stratum>();
  for (const post of posts) {
    const values = post.features[feature];
    if (!values) continue;
    const key = byNetwork ? post.network : "";
    let stratum = strata.get(key);
    if (!stratum) {
      stratum = { with: [], without: [] };
      strata.set(key, stratum);
    }
    (values.includes(value) ? stratum.with : stratum.without).push(post.value);
  }
  // A network where every post (or none) has the trait says nothing about it.
  return [...strata.values()].filter((s) => s.with.length > 0 && s.without.length > 0);
}

/**
 * Network-stratified ratio of means: Σ w·mean(with) ÷ Σ w·mean(without) with Mantel–Haenszel
 * weights w = n₁n₀/(n₁+n₀), so a network contributes in proportion to how well it can compare,
 * and a network with higher results overall cannot pass for a trait's effect.
 */
function stratifiedLift(strata: readonly Stratum[], meanOf: (values: number[]) => number): number {
  let numerator = 0;
  let denominator = 0;
  for (const s of strata) {
    const weight = (s.with.length * s.without.length) / (s.with.length + s.without.length);
    numerator += weight * meanOf(s.with);
    denominator += weight * meanOf(s.without);
  }
  return numerator / denominator;
}

function resampledMean(values: number[], random: () => number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)] as number;
  return sum / values.length;
}

interface Estimate {
  lift: number;
  ciLow: number;
  ciHigh: number;
  p: number;
}

/**
 * Percentile interval from a bootstrap that resamples posts within each network and group, and a
 * Wald p-value on log(lift) with the bootstrap's standard error: continuous, so it can pass the
 * Holm threshold with a thousand resamples where a bootstrap p-value could not go below 1/1000.
 */
function estimate(strata: Stratum[], options: DriverOptions, random: () => number): Estimate | undefined {
  const lift = stratifiedLift(strata, mean);
  if (!(lift > 0) || !Number.isFinite(lift)) return undefined;
  const lifts: number[] = [];
  for (let b = 0; b < options.resamples; b++) {
    const resampled = stratifiedLift(strata, (values) => resampledMean(values, random));
    if (resampled > 0 && Number.isFinite(resampled)) lifts.push(resampled);
  }
  if (lifts.length < options.resamples * 0.9) return undefined;
  lifts.sort((a, b) => a - b);
  const se = Math.sqrt(variance(lifts.map(Math.log)));
  return {
    lift,
    ciLow: quantileSorted(lifts, 0.025),
    ciHigh: quantileSorted(lifts, 0.975),
    p: se > 0 ? twoSidedP(Math.log(lift) / se) : 1,
  };
}

function candidates(posts: readonly PostObservation[]): { feature: string; value: string }[] {
  const seen = new Map<string, Set<string>>();
  for (const post of posts) {
    for (const [feature, values] of Object.entries(post.features)) {
      const set = seen.get(feature) ?? new Set<string>();
      for (const value of values) if (!YES_NO_FEATURES.has(feature) || value === "yes") set.add(value);
      seen.set(feature, set);
    }
  }
  return [...seen].flatMap(([feature, values]) => [...values].sort().map((value) => ({ feature, value })));
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Which traits go with a higher or lower metric, each compared within the same network. */
export function findDrivers(
  posts: readonly PostObservation[],
  options: DriverOptions = DEFAULT_DRIVER_OPTIONS,
): DriverAnalysis {
  const random = seededRandom(options.seed);
  const tested: (Estimate & ThinTrait)[] = [];
  const thin: ThinTrait[] = [];
  for (const { feature, value } of candidates(posts)) {
    // Comparing one network with the others cannot be done within a network.
    const strata = strataFor(posts, feature, value, feature !== "network");
    const n = strata.reduce((sum, s) => sum + s.with.length, 0);
    const nWithout = strata.reduce((sum, s) => sum + s.without.length, 0);
    const trait = { feature, value, n, n_without: nWithout };
    const result =
      n >= options.minGroup && nWithout >= options.minGroup ? estimate(strata, options, random) : undefined;
    if (result) tested.push({ ...trait, ...result });
    else thin.push(trait);
  }
  const adjusted = holmAdjust(tested.map((t) => t.p));
  const drivers = tested.map((t, index) => {
    const p = adjusted[index] as number;
    return {
      feature: t.feature,
      value: t.value,
      lift: round(t.lift),
      ci_low: round(t.ciLow),
      ci_high: round(t.ciHigh),
      n: t.n,
      n_without: t.n_without,
      p_value: Number(p.toPrecision(3)),
      significant: p < options.alpha,
    };
  });
  drivers.sort(
    (a, b) =>
      Number(b.significant) - Number(a.significant) ||
      Math.abs(Math.log(b.lift)) - Math.abs(Math.log(a.lift)) ||
      a.feature.localeCompare(b.feature),
  );
  return { drivers, not_enough_data: thin, tests: tested.length };
}
