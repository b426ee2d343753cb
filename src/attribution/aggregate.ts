import { MS_PER_DAY } from "./journeys.js";
import type { Journey } from "./types.js";

export const DEFAULT_HALF_LIFE_DAYS = 7;

/** A distinct channel sequence; `channels` index into `AggregatedPaths.channels`. */
export interface UniquePath {
  channels: number[];
  conversions: number;
  value: number;
  nulls: number;
}

export interface AggregatedPaths {
  /** Sorted by name, so channel indices are canonical. */
  channels: string[];
  /** Sorted lexicographically by channel sequence. */
  paths: UniquePath[];
  totalConversions: number;
  totalValue: number;
  totalNulls: number;
  /** Conversions whose every touch fell outside the lookback window or was excluded. */
  unattributedConversions: number;
  unattributedValue: number;
  /**
   * Time decay needs touch times, which identical channel sequences do not share, so its credit is
   * accumulated per journey while aggregating instead of from the unique paths.
   */
  timeDecay: {
    halfLifeDays: number;
    conversions: number[];
    value: number[];
    /** Converting journeys without touch or conversion times, credited with equal weights instead. */
    journeysWithoutTimes: number;
    convertingJourneys: number;
  };
}

function compareSequences(a: readonly number[], b: readonly number[]): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** Collapses journeys into unique paths as they arrive, so millions of journeys never sit in memory. */
export class PathAggregator {
  private readonly channelIds = new Map<string, number>();
  private readonly channelNames: string[] = [];
  private readonly paths = new Map<string, UniquePath>();
  private readonly decayConversions: number[] = [];
  private readonly decayValue: number[] = [];
  private readonly halfLifeMs: number;
  private journeysWithoutTimes = 0;
  private convertingJourneys = 0;
  private unattributedConversions = 0;
  private unattributedValue = 0;

  constructor(private readonly halfLifeDays = DEFAULT_HALF_LIFE_DAYS) {
    this.halfLifeMs = halfLifeDays * MS_PER_DAY;
  }

  add(journey: Journey): void {
    if (journey.touches.length === 0) {
      this.unattributedConversions += journey.conversions;
      this.unattributedValue += journey.value;
      return;
    }
    const ids = journey.touches.map((touch) => this.channelId(touch.channel));
    const key = ids.join(",");
    let path = this.paths.get(key);
    if (!path) {
      path = { channels: ids, conversions: 0, value: 0, nulls: 0 };
      this.paths.set(key, path);
    }
    path.conversions += journey.conversions;
    path.value += journey.value;
    path.nulls += journey.nulls;
    if (journey.conversions > 0) this.addTimeDecay(journey, ids);
  }

  private channelId(name: string): number {
    let id = this.channelIds.get(name);
    if (id === undefined) {
      id = this.channelNames.length;
      this.channelIds.set(name, id);
      this.channelNames.push(name);
      this.decayConversions.push(0);
      this.decayValue.push(0);
    }
    return id;
  }

  private addTimeDecay(journey: Journey, ids: readonly number[]): void {
    this.convertingJourneys++;
    const convertedAt = journey.convertedAt;
    const timed = convertedAt !== null && journey.touches.every((touch) => touch.time !== null);
    if (!timed) this.journeysWithoutTimes++;
    const weights = journey.touches.map((touch) =>
      timed ? 2 ** (-(convertedAt - touch.time!) / this.halfLifeMs) : 1,
    );
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    ids.forEach((id, i) => {
      const share = weights[i]! / total;
      this.decayConversions[id]! += journey.conversions * share;
      this.decayValue[id]! += journey.value * share;
    });
  }

  finish(): AggregatedPaths {
    return canonicalPaths(
      this.channelNames,
      [...this.paths.values()],
      { conversions: this.decayConversions, value: this.decayValue },
      {
        unattributedConversions: this.unattributedConversions,
        unattributedValue: this.unattributedValue,
        halfLifeDays: this.halfLifeDays,
        journeysWithoutTimes: this.journeysWithoutTimes,
        convertingJourneys: this.convertingJourneys,
      },
    );
  }
}

/**
 * AggregatedPaths from unique paths whose channels are numbers into `names` in any order (the
 * order they were met, or a database's): channels renumbered by name as JavaScript sorts names,
 * paths sorted, per-channel decay credit moved to the new numbers, totals added up.
 */
export function canonicalPaths(
  names: readonly string[],
  paths: Iterable<UniquePath>,
  decay: { conversions: readonly number[]; value: readonly number[] },
  counts: Pick<AggregatedPaths, "unattributedConversions" | "unattributedValue"> &
    Omit<AggregatedPaths["timeDecay"], "conversions" | "value">,
): AggregatedPaths {
  const sorted = names.toSorted();
  const canonicalId = new Map(sorted.map((name, index) => [name, index]));
  const remap = names.map((name) => canonicalId.get(name)!);
  const canonical = [...paths]
    .map((path) => ({ ...path, channels: path.channels.map((id) => remap[id]!) }))
    .sort((a, b) => compareSequences(a.channels, b.channels));
  const inCanonicalOrder = (values: readonly number[]) => {
    const result = new Array<number>(sorted.length).fill(0);
    values.forEach((value, id) => {
      result[remap[id]!] = value;
    });
    return result;
  };
  return {
    channels: sorted,
    paths: canonical,
    totalConversions: canonical.reduce((sum, path) => sum + path.conversions, 0),
    totalValue: canonical.reduce((sum, path) => sum + path.value, 0),
    totalNulls: canonical.reduce((sum, path) => sum + path.nulls, 0),
    unattributedConversions: counts.unattributedConversions,
    unattributedValue: counts.unattributedValue,
    timeDecay: {
      halfLifeDays: counts.halfLifeDays,
      conversions: inCanonicalOrder(decay.conversions),
      value: inCanonicalOrder(decay.value),
      journeysWithoutTimes: counts.journeysWithoutTimes,
      convertingJourneys: counts.convertingJourneys,
    },
  };
}

export function aggregateJourneys(
  journeys: Iterable<Journey>,
  halfLifeDays = DEFAULT_HALF_LIFE_DAYS,
): AggregatedPaths {
  const aggregator = new PathAggregator(halfLifeDays);
  for (const journey of journeys) aggregator.add(journey);
  return aggregator.finish();
}
