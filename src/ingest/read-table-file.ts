import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { probeFile } from "./probe-file.js";
import { expectedText } from "./sql-parse.js";
import { detectValueStyle, type ValueStyle } from "./value-style.js";

/**
 * A small table file read whole, in its own dialect, for a door that checks its cells itself
 * (`socialroi mmm --series`, `--lift`): the separator, byte-order mark, encoding and lines above
 * the header found as an import finds them (`probeFile`), numbers and slashed dates read in the
 * style the file's cells show (`detectValueStyle`), as an import reads them (`sql-parse.ts`).
 */
export interface TableFile {
  file: string;
  delimiter: string;
  style: ValueStyle;
  header: string[];
  /** The header's line in the file, from 1. */
  headerLine: number;
  /** Rows after the header, each with the file's line it starts on; blank rows left out. */
  rows: { line: number; cells: string[] }[];
  /** A cell as a number in the file's style, NaN when it is none (or blank). */
  number(cell: string): number;
  /** A cell as an ISO day (YYYY-MM-DD), undefined when it is no date in the file's style. */
  day(cell: string): string | undefined;
  /** What a number and a date look like in this file, for messages. */
  expected: { number: string; day: string };
}

/** The file could not be read as a table at all. */
export class TableFileError extends Error {
  override name = "TableFileError";
}

/** Spaces, currency and percent signs an import strips from a number (`numberSql`). */
const NUMBER_NOISE = /[\s\u00a0\u202f€$£%']/g;

function numberIn(style: ValueStyle): (cell: string) => number {
  return (cell) => {
    const stripped = cell.replace(NUMBER_NOISE, "");
    if (stripped === "" || stripped === "-") return Number.NaN;
    const normalised =
      style.decimal === "," ? stripped.replaceAll(".", "").replace(",", ".") : stripped.replaceAll(",", "");
    // Number("") is 0 and Number("0x1f") 31: only decimal notation is a number here.
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised) ? Number(normalised) : Number.NaN;
  };
}

const ISO_DAY = /^(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[ T].*)?$|^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T].*)?$/;
const SLASHED_DAY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T].*)?$/;

function calendarDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : undefined;
}

/** ISO days are read in every style, as an import reads them; slashed ones in the file's order. */
function dayIn(style: ValueStyle): (cell: string) => string | undefined {
  return (cell) => {
    const text = cell.trim();
    const iso = ISO_DAY.exec(text);
    if (iso) {
      const [year, month, day] = (iso[1] ? iso.slice(1, 4) : iso.slice(4, 7)).map(Number) as [
        number,
        number,
        number,
      ];
      return calendarDay(year, month, day);
    }
    const slashed = SLASHED_DAY.exec(text);
    if (!slashed || style.dates === "iso") return undefined;
    // mdy files are not written with dots (sql-parse's dateFormats).
    if (style.dates === "mdy" && slashed[2] === ".") return undefined;
    const [first, second, year] = [slashed[1], slashed[3], slashed[4]].map(Number) as [
      number,
      number,
      number,
    ];
    return style.dates === "dmy" ? calendarDay(year, second, first) : calendarDay(year, first, second);
  };
}

/** Reads a CSV (or tab-, semicolon- or bar-separated) file whole; refuses one that is no table. */
export async function readTableFile(path: string): Promise<TableFile> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw new TableFileError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code})`);
  }
  const probe = await probeFile(path);
  if (probe.kind !== "csv") throw new TableFileError(`${path}: not a CSV file (it holds JSON lines)`);
  // TextDecoder drops the byte-order mark.
  const text = new TextDecoder(probe.encoding).decode(buffer);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not say that `info` wraps each record with where it was read.
    records = parse(text, {
      delimiter: probe.delimiter,
      from_line: probe.skipLines + 1,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new TableFileError(`${path}: not a CSV file (${(error as Error).message})`);
  }
  // A record's info tells the line it ends on; a quoted cell may span lines.
  const located = records.map(({ record, info }) => ({
    line: info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
  const [head, ...body] = located;
  // Spreadsheets save rows emptied by hand as separators alone (`;;;`).
  const rows = body.filter((row) => row.cells.some((cell) => cell !== ""));
  const every = (head?.cells ?? []).map((_, i) => i);
  const style = detectValueStyle(
    rows.map((row) => row.cells),
    every,
    every,
    probe.delimiter,
  );
  return {
    file: path,
    delimiter: probe.delimiter,
    style,
    header: head?.cells ?? [],
    headerLine: head?.line ?? probe.skipLines + 1,
    rows,
    number: numberIn(style),
    day: dayIn(style),
    expected: {
      number: expectedText({ kind: "decimal" }, style),
      day: expectedText({ kind: "date" }, style),
    },
  };
}
