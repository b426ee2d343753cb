export const MS_PER_DAY = 86_400_000;
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

/**
 * AggregatedPaths from unique paths whose channels are numbers into `names` in any order (the
 * order they were met, or a database's): channels renumbered by name as JavaScript sorts names,
 * paths sorted, per-channel decay credit moved to the new numbers, totals added up.
 */
type DecayCredit = { conversions: readonly number[]; value: readonly number[] };
type PathCounts = Pick<AggregatedPaths, "unattributedConversions" | "unattributedValue"> &
  Omit<AggregatedPaths["timeDecay"], "conversions" | "value">;

export function canonicalPaths(
  names: readonly string[],
  paths: Iterable<UniquePath>,
  decay: DecayCredit,
  counts: PathCounts,
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

/** Each path of the database's hand-over, `'0,3,1'`, as its channel numbers. */
export function channelNumbers(paths: readonly string[]): number[][] {
  return paths.map((path) => path.split(",").map(Number));
}

/**
 * The unique paths a database statement hands over (read-sql.ts, store-paths.ts), as one row of
 * lists aligned by path, as AggregatedPaths.
 */
export function pathsFromLists(
  names: readonly string[],
  paths: {
    channels: readonly number[][];
    conversions: readonly number[];
    values: readonly number[];
    nulls: readonly number[];
  },
  decay: DecayCredit,
  counts: PathCounts,
): AggregatedPaths {
  return canonicalPaths(
    names,
    paths.channels.map((channels, i) => ({
      channels,
      conversions: paths.conversions[i]!,
      value: paths.values[i]!,
      nulls: paths.nulls[i]!,
    })),
    decay,
    counts,
  );
}
