import type { LiftTerm } from "./posterior.js";
import { amountCell, dayCell, type FileProblem, type FileTable, refuseFile } from "./read-series.js";
import type { MmmSeries } from "./series.js";

/**
 * An experiment's measure of a channel: the KPI it added from start to end (inclusive), e.g.
 * from pausing boosts in one region, with the 90% interval the experiment gives.
 */
export interface LiftTest {
  /** The stored test's id (list-lift-tests.ts); absent for a test read from a file. */
  id?: string;
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

/** Lift tests from `channel,start,end,incremental,low,high`. */
export function liftTestsFromTable(table: FileTable): LiftTest[] {
  const { file, header, rows } = table;
  if (header.map((name) => name.toLowerCase()).join(",") !== HEADER.join(",")) {
    refuseFile(file, [
      {
        line: table.headerLine,
        found: header.join(table.delimiter),
        expected: `a header ${HEADER.join(",")}`,
      },
    ]);
  }
  const problems: FileProblem[] = [];
  const tests = rows.map(({ line, cells }): LiftTest => {
    if (cells.length !== HEADER.length) {
      problems.push({
        line,
        found: cells.join(table.delimiter),
        expected: `${HEADER.length} columns as in the header`,
      });
    }
    const [channel = "", startCell = "", endCell = ""] = cells;
    if (channel === "")
      problems.push({ line, column: "channel", found: channel, expected: "a channel's name" });
    const start = dayCell(table, startCell, { line, column: "start" }, problems);
    const end = dayCell(table, endCell, { line, column: "end" }, problems);
    if (start !== undefined && end !== undefined && end < start) {
      problems.push({ line, column: "end", found: endCell, expected: `a day from the start, ${startCell}` });
    }
    const [incremental, low, high] = [3, 4, 5].map((i) =>
      amountCell(table, cells[i] ?? "", { line, column: HEADER[i]! }, problems),
    ) as [number, number, number];
    if (!(low <= incremental && incremental <= high && low < high)) {
      problems.push({
        line,
        found: [3, 4, 5].map((i) => cells[i]).join(", "),
        expected: "low ≤ incremental ≤ high, with low below high",
      });
    }
    return { channel, start: start ?? "", end: end ?? "", incremental, low, high };
  });
  if (rows.length === 0) problems.push({ expected: "rows of lift tests after the header" });
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

/**
 * The stored tests a series can take: those of its channels whose window holds one of its
 * periods. The others are about another period or a network without spend in it, and wait for a
 * question they answer: a workspace's tests must not make every other period's model fail.
 */
export function applicableLiftTests(series: MmmSeries, tests: readonly LiftTest[]): LiftTest[] {
  const names = new Set(series.channels.map((channel) => channel.name));
  return tests.filter(
    (test) => names.has(test.channel) && series.dates.some((date) => date >= test.start && date <= test.end),
  );
}
