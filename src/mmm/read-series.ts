import { amountProblem, BOUNDS_TEXT, dayProblem, MAX_AMOUNT } from "../domain/input-bounds.js";
import type { MmmSeries } from "./series.js";

/** More would bury the first problems; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 10;

/** A series or lift-test file refused, with where and what was expected for each problem found. */
export class MmmFileError extends Error {
  override name = "MmmFileError";
}

/**
 * A table file as its door read it, in the file's own dialect (separator, byte-order mark, decimal
 * commas, day-first dates: `ingest/read-table-file.ts`, which the mix model may not import).
 * Cells are text; `number` and `day` read one as the file writes them.
 */
export interface FileTable {
  file: string;
  delimiter: string;
  header: string[];
  /** Line numbers are the file's own, from 1. */
  headerLine: number;
  rows: readonly { line: number; cells: string[] }[];
  /** NaN when the cell is no number. */
  number(cell: string): number;
  /** An ISO day, undefined when the cell is no date. */
  day(cell: string): string | undefined;
  expected: { number: string; day: string };
}

export interface FileProblem {
  /** The file's line. */
  line?: number;
  column?: string;
  found?: string;
  expected: string;
}

export function refuseFile(file: string, problems: FileProblem[]): never {
  const lines = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => {
    const where = [file, p.line !== undefined ? `line ${p.line}` : "", p.column ? `column "${p.column}"` : ""]
      .filter(Boolean)
      .join(", ");
    return `${where}${p.found !== undefined ? `: found ${JSON.stringify(p.found)}` : ""}; expected ${p.expected}`;
  });
  if (problems.length > MAX_PROBLEMS_SHOWN)
    lines.push(`… and ${problems.length - MAX_PROBLEMS_SHOWN} more problems`);
  throw new MmmFileError(lines.join("\n"));
}

/**
 * A cell as a day within the bounds every input keeps, or a problem told in the file's own
 * date style (a European file is told dd/mm/yyyy, not ISO).
 */
export function dayCell(
  table: FileTable,
  cell: string,
  where: { line: number; column: string },
  problems: FileProblem[],
): string | undefined {
  const day = table.day(cell);
  if (day === undefined || dayProblem(day)) {
    problems.push({
      ...where,
      found: cell,
      expected: day === undefined ? table.expected.day : BOUNDS_TEXT.day,
    });
    return undefined;
  }
  return day;
}

/** A cell as an amount within the bounds every input keeps, or a problem told in the file's own number style. */
export function amountCell(
  table: FileTable,
  cell: string,
  where: { line: number; column: string },
  problems: FileProblem[],
  nonNegative = false,
): number {
  const value = table.number(cell);
  if (Number.isNaN(value)) problems.push({ ...where, found: cell, expected: table.expected.number });
  else if (amountProblem(value) || (nonNegative && value < 0)) {
    problems.push({
      ...where,
      found: cell,
      expected: nonNegative ? `an amount from 0 to ${MAX_AMOUNT.toExponential()}` : BOUNDS_TEXT.amount,
    });
  }
  return value;
}

const HEADER_EXPECTED = "a header date,kpi,spend_<channel>…[,control_<name>…], each name once";

/** A series from `date,kpi,spend_<channel>…[,control_<name>…]`: one row per day or week. */
export function seriesFromTable(table: FileTable): MmmSeries {
  const { file, header, rows } = table;
  const names = header.map((name) => name.toLowerCase());
  const spendColumns = names.flatMap((name, i) => (name.startsWith("spend_") ? [i] : []));
  const controlColumns = names.flatMap((name, i) => (name.startsWith("control_") ? [i] : []));
  // Past date and kpi, every column is a channel's spend or a control, each named once.
  const misnamed = names.some(
    (name, i) => (i > 1 && !/^(spend|control)_./.test(name)) || names.indexOf(name) !== i,
  );
  if (names[0] !== "date" || names[1] !== "kpi" || spendColumns.length === 0 || misnamed) {
    refuseFile(file, [
      { line: table.headerLine, found: header.join(table.delimiter), expected: HEADER_EXPECTED },
    ]);
  }
  const problems: FileProblem[] = [];
  const dates: string[] = [];
  const kpi: number[] = [];
  const spends = spendColumns.map((): number[] => []);
  const controls = controlColumns.map((): number[] => []);
  for (const { line, cells } of rows) {
    if (cells.length !== header.length) {
      problems.push({
        line,
        found: cells.join(table.delimiter),
        expected: `${header.length} columns as in the header`,
      });
      continue;
    }
    const cell = (i: number) => ({ text: cells[i]!, where: { line, column: header[i]! } });
    const date = cell(0);
    const day = dayCell(table, date.text, date.where, problems);
    const previous = dates[dates.length - 1];
    if (day !== undefined && previous !== undefined && day <= previous) {
      problems.push({ ...date.where, found: date.text, expected: `a date after ${previous}` });
    }
    dates.push(day ?? "");
    const amount = (i: number, nonNegative: boolean) =>
      amountCell(table, cell(i).text, cell(i).where, problems, nonNegative);
    kpi.push(amount(1, false));
    spendColumns.forEach((i, c) => {
      spends[c]!.push(amount(i, true));
    });
    controlColumns.forEach((i, c) => {
      controls[c]!.push(amount(i, false));
    });
  }
  if (rows.length === 0) problems.push({ expected: "rows of data after the header" });
  if (problems.length > 0) refuseFile(file, problems);
  return {
    dates,
    kpi,
    channels: spendColumns.map((i, c) => ({ name: header[i]!.slice("spend_".length), spend: spends[c]! })),
    controls: controlColumns.map((i, c) => ({
      name: header[i]!.slice("control_".length),
      values: controls[c]!,
    })),
  };
}
