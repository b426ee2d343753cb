import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { amountProblem, BOUNDS_TEXT, dayProblem, MAX_AMOUNT } from "../domain/input-bounds.js";
import type { MmmSeries } from "./series.js";

/** More would bury the first problems; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 10;

/** A series or lift-test file refused, with where and what was expected for each problem found. */
export class MmmFileError extends Error {
  override name = "MmmFileError";
}

export interface FileProblem {
  row?: number;
  column?: string;
  found?: string;
  expected: string;
}

export function refuseFile(file: string, problems: FileProblem[]): never {
  const lines = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => {
    const where = [file, p.row !== undefined ? `row ${p.row}` : "", p.column ? `column "${p.column}"` : ""]
      .filter(Boolean)
      .join(", ");
    return `${where}${p.found !== undefined ? `: found ${JSON.stringify(p.found)}` : ""}; expected ${p.expected}`;
  });
  if (problems.length > MAX_PROBLEMS_SHOWN)
    lines.push(`… and ${problems.length - MAX_PROBLEMS_SHOWN} more problems`);
  throw new MmmFileError(lines.join("\n"));
}

/** The rows of a CSV file, header first; a file that cannot be read or parsed is refused. */
export async function readCsvRows(file: string): Promise<string[][]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new MmmFileError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw new MmmFileError(`${file}: not a CSV file (${(error as Error).message})`);
  }
}

const HEADER_EXPECTED = "a header date,kpi,spend_<channel>…[,control_<name>…], each name once";

/**
 * Reads `date,kpi,spend_<channel>…[,control_<name>…]`: one row per day or week. Rows are
 * numbered from 1 after the header, as the import errors number them.
 */
export async function readSeriesFile(file: string): Promise<MmmSeries> {
  const [header = [], ...body] = await readCsvRows(file);
  const names = header.map((name) => name.toLowerCase());
  const spendColumns = names.flatMap((name, i) => (name.startsWith("spend_") ? [i] : []));
  const controlColumns = names.flatMap((name, i) => (name.startsWith("control_") ? [i] : []));
  // Past date and kpi, every column is a channel's spend or a control, each named once.
  const misnamed = names.some(
    (name, i) => (i > 1 && !/^(spend|control)_./.test(name)) || names.indexOf(name) !== i,
  );
  if (names[0] !== "date" || names[1] !== "kpi" || spendColumns.length === 0 || misnamed) {
    refuseFile(file, [{ row: 0, found: header.join(","), expected: HEADER_EXPECTED }]);
  }
  const problems: FileProblem[] = [];
  const number = (row: string[], r: number, i: number, nonNegative: boolean): number => {
    const cell = row[i] ?? "";
    const value = cell === "" ? Number.NaN : Number(cell);
    if (Number.isNaN(value) || amountProblem(value) || (nonNegative && value < 0)) {
      problems.push({
        row: r,
        column: header[i]!,
        found: cell,
        expected: nonNegative ? `an amount from 0 to ${MAX_AMOUNT.toExponential()}` : BOUNDS_TEXT.amount,
      });
    }
    return value;
  };
  const dates: string[] = [];
  const kpi: number[] = [];
  const spends = spendColumns.map((): number[] => []);
  const controls = controlColumns.map((): number[] => []);
  body.forEach((row, index) => {
    const r = index + 1;
    if (row.length !== header.length) {
      problems.push({ row: r, found: row.join(","), expected: `${header.length} columns as in the header` });
      return;
    }
    const date = row[0]!;
    const dateProblem = dayProblem(date);
    if (dateProblem) problems.push({ row: r, column: header[0]!, found: date, expected: BOUNDS_TEXT.day });
    else if (dates.length > 0 && date <= dates[dates.length - 1]!) {
      problems.push({
        row: r,
        column: header[0]!,
        found: date,
        expected: `a date after ${dates[dates.length - 1]}`,
      });
    }
    dates.push(date);
    kpi.push(number(row, r, 1, false));
    spendColumns.forEach((i, c) => {
      spends[c]!.push(number(row, r, i, true));
    });
    controlColumns.forEach((i, c) => {
      controls[c]!.push(number(row, r, i, false));
    });
  });
  if (body.length === 0) problems.push({ expected: "rows of data after the header" });
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
