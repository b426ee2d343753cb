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
  const copies = [...paths].map((path) => ({ ...path, channels: [...path.channels] }));
  return canonicalInPlace(names, copies, decay, counts);
}

function inOrder(paths: readonly UniquePath[]): boolean {
  for (let i = 1; i < paths.length; i++)
    if (compareSequences(paths[i - 1]!.channels, paths[i]!.channels) > 0) return false;
  return true;
}

/**
 * canonicalPaths over paths built for it alone, renumbered and sorted where they are: a copy of
 * 864k paths took a hundred megabytes more. A database's order is nearly always the canonical one
 * already (its channels numbered as JavaScript sorts their names), so the sort is skipped then.
 */
function canonicalInPlace(
  names: readonly string[],
  paths: UniquePath[],
  decay: DecayCredit,
  counts: PathCounts,
): AggregatedPaths {
  const sorted = names.toSorted();
  const canonicalId = new Map(sorted.map((name, index) => [name, index]));
  const remap = names.map((name) => canonicalId.get(name)!);
  if (remap.some((id, index) => id !== index)) {
    for (const { channels } of paths)
      for (let i = 0; i < channels.length; i++) channels[i] = remap[channels[i]!]!;
  }
  if (!inOrder(paths)) paths.sort((a, b) => compareSequences(a.channels, b.channels));
  const inCanonicalOrder = (values: readonly number[]) => {
    const result = new Array<number>(sorted.length).fill(0);
    values.forEach((value, id) => {
      result[remap[id]!] = value;
    });
    return result;
  };
  return {
    channels: sorted,
    paths,
    totalConversions: paths.reduce((sum, path) => sum + path.conversions, 0),
    totalValue: paths.reduce((sum, path) => sum + path.value, 0),
    totalNulls: paths.reduce((sum, path) => sum + path.nulls, 0),
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

/** A path's figures, in lists aligned by path. */
interface PathFigures {
  conversions: readonly number[];
  values: readonly number[];
  nulls: readonly number[];
}

/**
 * A channel's number as a character of a path's text: its code point is the number plus this (the
 * space, below it, separates paths), past the surrogates' range (which no character takes) plus its size.
 */
export const CHANNEL_CODE_POINT = 33;
export const SURROGATES = 0xd800;
export const SURROGATE_COUNT = 0x800;
const SEPARATOR = 32;

function channelNumber(codePoint: number): number {
  return codePoint < SURROGATES
    ? codePoint - CHANNEL_CODE_POINT
    : codePoint - CHANNEL_CODE_POINT - SURROGATE_COUNT;
}

/**
 * The unique paths a file's grouping statement hands over (read-sql.ts) as AggregatedPaths: the
 * paths in one text, each channel one character (see CHANNEL_CODE_POINT), paths separated by a
 * space, and their figures in lists of the same order. One text of a few MB for 864k paths, read
 * here character by character, instead of a text per path split into texts per channel: a fraction
 * of the time and of the garbage. `names` may number channels no path has (an event log's excluded
 * ones): they are left out.
 */
export function pathsFromText(
  names: readonly string[],
  text: string,
  figures: PathFigures,
  decay: DecayCredit,
  counts: PathCounts,
): AggregatedPaths {
  const present = new Uint8Array(names.length);
  for (let i = 0; i < text.length; i++) {
    const codePoint = text.codePointAt(i)!;
    if (codePoint > 0xffff) i++;
    if (codePoint !== SEPARATOR) present[channelNumber(codePoint)] = 1;
  }
  // Numbers of the channels present, dense, in the database's order.
  const dense = new Int32Array(names.length).fill(-1);
  const kept = names.filter((_, number) => present[number] === 1);
  let next = 0;
  present.forEach((isPresent, number) => {
    if (isPresent) dense[number] = next++;
  });
  const keptCredit = (values: readonly number[]) => values.filter((_, number) => present[number] === 1);
  const count = figures.conversions.length;
  const paths = new Array<UniquePath>(count);
  // Numbers are gathered here, then copied at their exact length: an array grown by push keeps room for 16.
  const scratch: number[] = [];
  const mismatch = () =>
    new Error(`the database handed over ${count} paths' figures for a text of other paths`);
  let found = 0;
  for (let i = 0; i <= text.length && text.length > 0; i++) {
    const codePoint = i < text.length ? text.codePointAt(i)! : SEPARATOR;
    if (codePoint > 0xffff) i++;
    if (codePoint !== SEPARATOR) {
      scratch.push(dense[channelNumber(codePoint)]!);
      continue;
    }
    if (found === count) throw mismatch();
    paths[found] = {
      channels: scratch.slice(),
      conversions: figures.conversions[found]!,
      value: figures.values[found]!,
      nulls: figures.nulls[found]!,
    };
    found++;
    scratch.length = 0;
  }
  if (found !== count) throw mismatch();
  return canonicalInPlace(
    kept,
    paths,
    { conversions: keptCredit(decay.conversions), value: keptCredit(decay.value) },
    counts,
  );
}

/**
 * The unique paths a database statement hands over (store-paths.ts), as one row of lists aligned
 * by path, as AggregatedPaths.
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
