import { MAX_MARKOV_ORDER } from "../api/attribution.js";
import type { AggregatedPaths } from "./aggregate.js";
import { channelCredits } from "./rules.js";
import type { ModelResult, TransitionRow } from "./types.js";

/** The commands name the bound from here. */
export { MAX_MARKOV_ORDER } from "../api/attribution.js";

export const START_STATE = "(start)";
export const CONVERSION_STATE = "(conversion)";
export const NULL_STATE = "(null)";

/**
 * Absorbing chain over transient states; state 0 is the start. Transitions between transient states are
 * stored row-wise (CSR); conversion and null are the two absorbing states.
 */
export interface MarkovChain {
  order: number;
  channels: readonly string[];
  /** Channel indices of each state's window; the start state has none. */
  stateWindows: number[][];
  rowStart: Int32Array;
  target: Int32Array;
  transitionCount: Float64Array;
  /** Observed departures from each state (to transient states, conversion or null). */
  departures: Float64Array;
  conversions: Float64Array;
  nulls: Float64Array;
  /** Value of the conversions that left from each state, for the value-weighted removal effects. */
  conversionValue: Float64Array;
}

/** Repeated consecutive channels are one visit, as ChannelAttribution counts them. */
function collapseRepeats(channels: readonly number[]): number[] {
  return channels.filter((channel, i) => i === 0 || channel !== channels[i - 1]);
}

/**
 * States are the windows of the last `order` channels (shorter at the start of a path). After collapsing
 * repeats, two consecutive windows always end on different channels, so no state follows itself.
 */
export function buildMarkovChain(aggregated: AggregatedPaths, order: number): MarkovChain {
  if (!Number.isInteger(order) || order < 1 || order > MAX_MARKOV_ORDER) {
    throw new RangeError(`Markov order must be an integer from 1 to ${MAX_MARKOV_ORDER}, got ${order}`);
  }
  const stateIds = new Map<string, number>([["", 0]]);
  const stateWindows: number[][] = [[]];
  const edges: Map<number, number>[] = [new Map()];
  const conversions: number[] = [0];
  const nulls: number[] = [0];
  const conversionValue: number[] = [0];
  const stateOf = (window: number[]) => {
    const key = window.join(",");
    let id = stateIds.get(key);
    if (id === undefined) {
      id = stateWindows.length;
      stateIds.set(key, id);
      stateWindows.push(window);
      edges.push(new Map());
      conversions.push(0);
      nulls.push(0);
      conversionValue.push(0);
    }
    return id;
  };

  for (const path of aggregated.paths) {
    const weight = path.conversions + path.nulls;
    if (weight === 0) continue;
    const channels = collapseRepeats(path.channels);
    let from = 0;
    for (let i = 0; i < channels.length; i++) {
      const to = stateOf(channels.slice(Math.max(0, i + 1 - order), i + 1));
      const outgoing = edges[from]!;
      outgoing.set(to, (outgoing.get(to) ?? 0) + weight);
      from = to;
    }
    conversions[from]! += path.conversions;
    nulls[from]! += path.nulls;
    conversionValue[from]! += path.value;
  }

  const stateCount = stateWindows.length;
  const rowStart = new Int32Array(stateCount + 1);
  edges.forEach((outgoing, state) => {
    rowStart[state + 1] = rowStart[state]! + outgoing.size;
  });
  const target = new Int32Array(rowStart[stateCount]!);
  const transitionCount = new Float64Array(target.length);
  const departures = new Float64Array(stateCount);
  edges.forEach((outgoing, state) => {
    let slot = rowStart[state]!;
    let total = conversions[state]! + nulls[state]!;
    for (const [to, count] of [...outgoing].sort((a, b) => a[0] - b[0])) {
      target[slot] = to;
      transitionCount[slot] = count;
      total += count;
      slot++;
    }
    departures[state] = total;
  });
  return {
    order,
    channels: aggregated.channels,
    stateWindows,
    rowStart,
    target,
    transitionCount,
    departures,
    conversions: Float64Array.from(conversions),
    nulls: Float64Array.from(nulls),
    conversionValue: Float64Array.from(conversionValue),
  };
}

const SOLVER_TOLERANCE = 1e-14;
const SOLVER_MAX_SWEEPS = 1_000_000;

/**
 * Probability of reaching conversion from the start, and expected conversion value, when every state in
 * `removed` leads to null. Gauss-Seidel on x = r + Qx; sweeping from the newest state back to the start
 * follows paths backwards, so acyclic parts of the chain settle in a single sweep.
 */
function absorption(chain: MarkovChain, removed: Uint8Array | null): { conversion: number; value: number } {
  const stateCount = chain.stateWindows.length;
  const probability = new Float64Array(stateCount);
  const value = new Float64Array(stateCount);
  const { rowStart, target, transitionCount, departures } = chain;
  for (let sweep = 0; sweep < SOLVER_MAX_SWEEPS; sweep++) {
    // Probabilities are at most 1, so their change is already relative; values are scaled to compare.
    let largestChange = 0;
    for (let state = stateCount - 1; state >= 0; state--) {
      const left = departures[state]!;
      if (left === 0 || removed?.[state]) continue;
      let nextProbability = chain.conversions[state]!;
      let nextValue = chain.conversionValue[state]!;
      for (let slot = rowStart[state]!; slot < rowStart[state + 1]!; slot++) {
        const count = transitionCount[slot]!;
        nextProbability += count * probability[target[slot]!]!;
        nextValue += count * value[target[slot]!]!;
      }
      nextProbability /= left;
      nextValue /= left;
      largestChange = Math.max(
        largestChange,
        Math.abs(nextProbability - probability[state]!),
        Math.abs(nextValue - value[state]!) / Math.max(1, Math.abs(nextValue)),
      );
      probability[state] = nextProbability;
      value[state] = nextValue;
    }
    if (largestChange <= SOLVER_TOLERANCE) return { conversion: probability[0]!, value: value[0]! };
  }
  throw new Error(`Markov solver did not converge in ${SOLVER_MAX_SWEEPS} sweeps`);
}

function statesContaining(chain: MarkovChain, channel: number): Uint8Array {
  return Uint8Array.from(chain.stateWindows, (window) => (window.includes(channel) ? 1 : 0));
}

interface RemovalEffects {
  conversion: number[];
  value: number[];
  baseline: { conversion: number; value: number };
}

function removalEffects(chain: MarkovChain): RemovalEffects {
  const baseline = absorption(chain, null);
  const conversion: number[] = [];
  const value: number[] = [];
  chain.channels.forEach((_, channel) => {
    const without = absorption(chain, statesContaining(chain, channel));
    conversion.push(baseline.conversion > 0 ? 1 - without.conversion / baseline.conversion : 0);
    value.push(baseline.value > 0 ? 1 - without.value / baseline.value : 0);
  });
  return { conversion, value, baseline };
}

function stateName(chain: MarkovChain, state: number): string {
  return state === 0 ? START_STATE : chain.stateWindows[state]!.map((c) => chain.channels[c]!).join(",");
}

export function transitionMatrix(chain: MarkovChain): TransitionRow[] {
  const rows: TransitionRow[] = [];
  chain.stateWindows.forEach((_, state) => {
    const left = chain.departures[state]!;
    if (left === 0) return;
    const from = stateName(chain, state);
    for (let slot = chain.rowStart[state]!; slot < chain.rowStart[state + 1]!; slot++) {
      const count = chain.transitionCount[slot]!;
      rows.push({ from, to: stateName(chain, chain.target[slot]!), probability: count / left, count });
    }
    for (const [to, count] of [
      [CONVERSION_STATE, chain.conversions[state]!],
      [NULL_STATE, chain.nulls[state]!],
    ] as const) {
      if (count > 0) rows.push({ from, to, probability: count / left, count });
    }
  });
  return rows.sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0,
  );
}

function shareInProportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => (sum > 0 ? (total * weight) / sum : 0));
}

export function markovModel(
  aggregated: AggregatedPaths,
  order: number,
  options: { includeMatrix?: boolean } = {},
): ModelResult {
  const chain = buildMarkovChain(aggregated, order);
  const effects = removalEffects(chain);
  const conversions = shareInProportion(aggregated.totalConversions, effects.conversion);
  const value = shareInProportion(aggregated.totalValue, effects.value);
  const result: ModelResult = {
    model: "markov",
    order,
    method: "exact removal effects from the absorbing chain (Gauss-Seidel, tolerance 1e-14)",
    channels: channelCredits(aggregated.channels, conversions, value).map((credit, i) => ({
      ...credit,
      removal_effect: effects.conversion[i]!,
      removal_effect_value: effects.value[i]!,
    })),
  };
  if (options.includeMatrix) result.transition_matrix = transitionMatrix(chain);
  return result;
}

/**
 * Each extra order must buy at least this much AUC: a higher order always fits the paths it was built
 * from at least as well, so an unpenalised in-sample AUC would always pick the highest order.
 */
const ORDER_PENALTY = 0.01;

export interface OrderCandidate {
  order: number;
  states: number;
  auc: number;
  penalised_auc: number;
}

/**
 * Weighted AUC of predicting conversion from the state a path ends in, scored by that state's observed
 * conversion rate (the chain's probability of converting rather than dropping out once the path is
 * complete). Paths are weighted by their conversion (positive) and null (negative) counts; ties count half.
 */
function endStateAuc(chain: MarkovChain): number {
  const scored = chain.stateWindows
    .map((_, state) => ({ positives: chain.conversions[state]!, negatives: chain.nulls[state]! }))
    .filter((s) => s.positives + s.negatives > 0)
    .map((s) => ({ ...s, score: s.positives / (s.positives + s.negatives) }))
    .sort((a, b) => a.score - b.score);
  const totalPositives = scored.reduce((sum, s) => sum + s.positives, 0);
  const totalNegatives = scored.reduce((sum, s) => sum + s.negatives, 0);
  if (totalPositives === 0 || totalNegatives === 0) return 0.5;
  let negativesBelow = 0;
  let concordant = 0;
  for (let i = 0; i < scored.length; ) {
    let positives = 0;
    let negatives = 0;
    const score = scored[i]!.score;
    for (; i < scored.length && scored[i]!.score === score; i++) {
      positives += scored[i]!.positives;
      negatives += scored[i]!.negatives;
    }
    concordant += positives * (negativesBelow + negatives / 2);
    negativesBelow += negatives;
  }
  return concordant / (totalPositives * totalNegatives);
}

/** Picks the order with the highest penalised AUC = AUC − ORDER_PENALTY × (order − 1). */
export function chooseMarkovOrder(
  aggregated: AggregatedPaths,
  maxOrder = MAX_MARKOV_ORDER,
): { order: number; candidates: OrderCandidate[] } {
  const candidates: OrderCandidate[] = [];
  for (let order = 1; order <= maxOrder; order++) {
    const chain = buildMarkovChain(aggregated, order);
    const auc = endStateAuc(chain);
    candidates.push({
      order,
      states: chain.stateWindows.length - 1,
      auc,
      penalised_auc: auc - ORDER_PENALTY * (order - 1),
    });
  }
  const best = candidates.reduce((a, b) => (b.penalised_auc > a.penalised_auc ? b : a));
  return { order: best.order, candidates };
}
