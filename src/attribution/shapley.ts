import { seededRandom } from "../domain/seeded-random.js";
import type { AggregatedPaths } from "./aggregate.js";
import { channelCredits } from "./rules.js";
import type { ModelResult } from "./types.js";

/** 2^15 subsets × 15 channels is instant; beyond ~20 the subset table no longer fits comfortably. */
const DEFAULT_SHAPLEY_EXACT_MAX_CHANNELS = 15;
const DEFAULT_SHAPLEY_SAMPLES = 2000;
const DEFAULT_SHAPLEY_SEED = 20240601;

const SHAPLEY_CHARACTERISTIC =
  "v(S) = conversions (resp. value) of the journeys whose set of channels is a subset of S";

export interface ShapleyOptions {
  exactMaxChannels?: number;
  samples?: number;
  seed?: number;
}

interface ChannelSet {
  members: number[];
  conversions: number;
  value: number;
}

function channelSets(aggregated: AggregatedPaths): ChannelSet[] {
  const sets = new Map<string, ChannelSet>();
  for (const path of aggregated.paths) {
    if (path.conversions === 0 && path.value === 0) continue;
    const members = [...new Set(path.channels)].sort((a, b) => a - b);
    const key = members.join(",");
    const set = sets.get(key) ?? { members, conversions: 0, value: 0 };
    set.conversions += path.conversions;
    set.value += path.value;
    sets.set(key, set);
  }
  return [...sets.keys()].sort().map((key) => sets.get(key)!);
}

/** v(S) for every S at once: the zeta (subset-sum) transform of the per-channel-set totals. */
function exactShapley(sets: readonly ChannelSet[], playerCount: number) {
  const size = 1 << playerCount;
  const worth = [new Float64Array(size), new Float64Array(size)] as const;
  for (const set of sets) {
    const mask = set.members.reduce((m, c) => m | (1 << c), 0);
    worth[0][mask]! += set.conversions;
    worth[1][mask]! += set.value;
  }
  for (const table of worth) {
    for (let bit = 1; bit < size; bit <<= 1) {
      for (let mask = 0; mask < size; mask++) if (mask & bit) table[mask]! += table[mask ^ bit]!;
    }
  }
  // Weight of a coalition of s others: s!(n-s-1)!/n!, built by ratio to avoid huge factorials.
  const coalitionWeight = [1 / playerCount];
  for (let s = 1; s < playerCount; s++)
    coalitionWeight.push((coalitionWeight[s - 1]! * s) / (playerCount - s));
  const popcount = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) popcount[mask] = popcount[mask >> 1]! + (mask & 1);

  const credits = worth.map(() => new Float64Array(playerCount));
  for (let player = 0; player < playerCount; player++) {
    const bit = 1 << player;
    for (let mask = 0; mask < size; mask++) {
      if (mask & bit) continue;
      const weight = coalitionWeight[popcount[mask]!]!;
      worth.forEach((table, k) => {
        credits[k]![player]! += weight * (table[mask | bit]! - table[mask]!);
      });
    }
  }
  return { conversions: credits[0]!, value: credits[1]! };
}

/**
 * Mean marginal contribution over random orderings. Under this v, adding a channel gains exactly the
 * channel sets whose last-arriving member it is, so each permutation costs one scan of the sets.
 */
function sampledShapley(sets: readonly ChannelSet[], playerCount: number, samples: number, seed: number) {
  const random = seededRandom(seed);
  const order = Array.from({ length: playerCount }, (_, i) => i);
  const arrival = new Int32Array(playerCount);
  const sums = [new Float64Array(playerCount), new Float64Array(playerCount)];
  const squares = [new Float64Array(playerCount), new Float64Array(playerCount)];
  const marginal = [new Float64Array(playerCount), new Float64Array(playerCount)];
  for (let sample = 0; sample < samples; sample++) {
    for (let i = playerCount - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    order.forEach((player, position) => {
      arrival[player] = position;
    });
    for (const m of marginal) m.fill(0);
    for (const set of sets) {
      let last = set.members[0]!;
      for (const member of set.members) if (arrival[member]! > arrival[last]!) last = member;
      marginal[0]![last]! += set.conversions;
      marginal[1]![last]! += set.value;
    }
    for (let k = 0; k < 2; k++) {
      for (let player = 0; player < playerCount; player++) {
        const x = marginal[k]![player]!;
        sums[k]![player]! += x;
        squares[k]![player]! += x * x;
      }
    }
  }
  const mean = sums.map((s) => s.map((x) => x / samples));
  const standardError = squares.map((sq, k) =>
    sq.map((x, player) => {
      const m = mean[k]![player]!;
      const variance = samples > 1 ? Math.max(0, (x - samples * m * m) / (samples - 1)) : 0;
      return Math.sqrt(variance / samples);
    }),
  );
  return { conversions: mean[0]!, value: mean[1]!, standardError };
}

export function shapleyModel(aggregated: AggregatedPaths, options: ShapleyOptions = {}): ModelResult {
  const playerCount = aggregated.channels.length;
  const sets = channelSets(aggregated);
  const exactMax = options.exactMaxChannels ?? DEFAULT_SHAPLEY_EXACT_MAX_CHANNELS;
  if (playerCount <= exactMax) {
    const exact = exactShapley(sets, playerCount);
    return {
      model: "shapley",
      method: `exact over all ${2 ** playerCount} channel subsets; ${SHAPLEY_CHARACTERISTIC}`,
      channels: channelCredits(aggregated.channels, exact.conversions, exact.value),
    };
  }
  const samples = options.samples ?? DEFAULT_SHAPLEY_SAMPLES;
  const seed = options.seed ?? DEFAULT_SHAPLEY_SEED;
  const sampled = sampledShapley(sets, playerCount, samples, seed);
  return {
    model: "shapley",
    method: `sampled: ${samples} random channel orderings (seed ${seed}), standard errors per channel; ${SHAPLEY_CHARACTERISTIC}`,
    note: `${playerCount} channels is more than ${exactMax}: Shapley values are estimated from sampled orderings`,
    channels: channelCredits(aggregated.channels, sampled.conversions, sampled.value).map((credit, i) => ({
      ...credit,
      standard_error_conversions: sampled.standardError[0]![i]!,
      standard_error_value: sampled.standardError[1]![i]!,
    })),
  };
}
