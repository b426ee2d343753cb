import { amountProblem, BOUNDS_TEXT, dayProblem } from "../domain/input-bounds.js";
import type { LiftTerm } from "./posterior.js";
import { type FileProblem, readCsvRows, refuseFile } from "./read-series.js";
import type { MmmSeries } from "./series.js";

/**
 * An experiment's measure of a channel: the KPI it added from start to end (inclusive), e.g.
 * from pausing boosts in one region, with the 90% interval the experiment gives.
 */
export interface LiftTest {
  channel: string;
  start: string;
  end: string;
  incremental: number;
  low: number;
  high: number;
}

/** A lift test the series cannot take: a channel it does not have, or a window outside its dates. */
export class LiftTestError extends Error {
  override name = "LiftTestError";
}

/** z of a 90% two-sided normal interval. */
export const Z_90 = 1.6448536269514722;

const HEADER = ["channel", "start", "end", "incremental", "low", "high"];

/** Reads `channel,start,end,incremental,low,high`, rows numbered from 1 after the header. */
export async function readLiftFile(file: string): Promise<LiftTest[]> {
  const [header = [], ...body] = await readCsvRows(file);
  if (header.map((name) => name.toLowerCase()).join(",") !== HEADER.join(",")) {
    refuseFile(file, [{ row: 0, found: header.join(","), expected: `a header ${HEADER.join(",")}` }]);
  }
  const problems: FileProblem[] = [];
  const tests = body.map((row, index): LiftTest => {
    const r = index + 1;
    if (row.length !== HEADER.length) {
      problems.push({ row: r, found: row.join(","), expected: `${HEADER.length} columns as in the header` });
    }
    const [channel = "", start = "", end = ""] = row;
    if (channel === "")
      problems.push({ row: r, column: "channel", found: channel, expected: "a channel's name" });
    for (const [column, day] of [
      ["start", start],
      ["end", end],
    ] as const) {
      if (dayProblem(day)) problems.push({ row: r, column, found: day, expected: BOUNDS_TEXT.day });
    }
    if (!dayProblem(start) && !dayProblem(end) && end < start) {
      problems.push({ row: r, column: "end", found: end, expected: `a day from the start, ${start}` });
    }
    const [incremental, low, high] = [3, 4, 5].map((i) => {
      const cell = row[i] ?? "";
      const value = cell === "" ? Number.NaN : Number(cell);
      if (Number.isNaN(value) || amountProblem(value)) {
        problems.push({ row: r, column: HEADER[i], found: cell, expected: BOUNDS_TEXT.amount });
      }
      return value;
    }) as [number, number, number];
    if (!(low <= incremental && incremental <= high && low < high)) {
      problems.push({
        row: r,
        found: `${row[3]}, ${row[4]}, ${row[5]}`,
        expected: "low ≤ incremental ≤ high, with low below high",
      });
    }
    return { channel, start, end, incremental, low, high };
  });
  if (body.length === 0) problems.push({ expected: "rows of lift tests after the header" });
  if (problems.length > 0) refuseFile(file, problems);
  return tests;
}

/**
 * The tests as the sampler takes them: the periods whose first day lies in the window, and a
 * standard error from the interval's width. An interval that is not symmetric is read as a
 * normal one of the same width: the sampler's conjugate update needs a normal likelihood.
 */
export function liftTerms(series: MmmSeries, tests: readonly LiftTest[]): LiftTerm[] {
  const names = series.channels.map((channel) => channel.name);
  return tests.map((test) => {
    const channel = names.indexOf(test.channel);
    if (channel < 0) {
      throw new LiftTestError(
        `the lift test of "${test.channel}" names no channel of the data (${names.map((name) => `"${name}"`).join(", ")})`,
      );
    }
    const inside = series.dates.flatMap((date, t) => (date >= test.start && date <= test.end ? [t] : []));
    if (inside.length === 0) {
      throw new LiftTestError(
        `the lift test of "${test.channel}" from ${test.start} to ${test.end} starts no period of the data (${series.dates[0]} to ${series.dates[series.dates.length - 1]})`,
      );
    }
    return {
      channel,
      first: inside[0]!,
      last: inside[inside.length - 1]!,
      incremental: test.incremental,
      standardError: (test.high - test.low) / (2 * Z_90),
    };
  });
}
