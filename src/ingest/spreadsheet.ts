import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { CellObject, WorkBook, WorkSheet } from "xlsx";
import { FILE_FORMATS } from "./formats/index.js";
import { ImportError } from "./import-error.js";
import { probeFile } from "./probe-file.js";

/**
 * Spreadsheet exports (LinkedIn's .xls/.xlsx) are read one sheet at a time, each sheet a unit of its
 * own addressed as `workbook.xlsx#Sheet name`: it is converted to a temporary UTF-8 CSV, then probed
 * and imported exactly like a CSV export. `importUnits` lists the sheets a format recognises.
 */

/** A file ready for probing: the CSV to read, the name to show the user, and how to remove it. */
export interface CsvSource {
  path: string;
  name: string;
  cleanup(): Promise<void>;
}

const WORKBOOK = /\.(xlsx|xlsm|xls|ods)$/i;

function splitUnit(unit: string): { workbook: string; sheet?: string } {
  if (WORKBOOK.test(unit) || existsSync(unit)) return { workbook: unit };
  const hash = unit.lastIndexOf("#");
  const workbook = hash > 0 ? unit.slice(0, hash) : unit;
  return WORKBOOK.test(workbook) ? { workbook, sheet: unit.slice(hash + 1) } : { workbook: unit };
}

export function isSpreadsheet(unit: string): boolean {
  return WORKBOOK.test(splitUnit(unit).workbook);
}

type Xlsx = typeof import("xlsx");

interface Workbook {
  book: WorkBook;
  xlsx: Xlsx;
}

async function readWorkbook(path: string): Promise<Workbook> {
  // Loaded on first use: the library adds about 30 MB to the process, which CSV imports never need.
  const xlsx = await import("xlsx");
  try {
    return { book: xlsx.read(await readFile(path), { type: "buffer", cellDates: true, dense: false }), xlsx };
  } catch (error) {
    throw new ImportError(basename(path), [
      {
        expected: `a readable .xls/.xlsx workbook (${error instanceof Error ? error.message : String(error)})`,
      },
    ]);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Dates as ISO text, so readers see the same value whatever the cell's display format. */
function isoDate(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return time === "00:00:00" ? day : `${day} ${time}`;
}

function sheetCsv(xlsx: Xlsx, sheet: WorkSheet): string {
  for (const [address, cell] of Object.entries(sheet)) {
    if (address.startsWith("!")) continue;
    const value = cell as CellObject;
    if (value.t === "d" && value.v instanceof Date) value.w = isoDate(value.v);
  }
  return xlsx.utils.sheet_to_csv(sheet, {
    FS: ",",
    RS: "\n",
    blankrows: false,
    rawNumbers: true,
    strip: true,
  });
}

function hasData(csv: string): boolean {
  return csv.replace(/[,\s]/g, "") !== "";
}

async function writeSheet(workbook: string, sheet: string, csv: string): Promise<CsvSource> {
  const dir = await mkdtemp(join(tmpdir(), "socialroi-sheet-"));
  const path = join(dir, "sheet.csv");
  await writeFile(path, csv, "utf8");
  return {
    path,
    name: `${basename(workbook)}#${sheet}`,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function recognised(source: CsvSource): Promise<boolean> {
  const probe = { ...(await probeFile(source.path)), fileName: source.name };
  return FILE_FORMATS.some((format) => format.detect(probe) > 0);
}

/**
 * The CSV to import for a file or sheet unit. A workbook given without a sheet yields its first sheet
 * a format recognises (else its first sheet with data); other files are returned as they are.
 */
export async function csvSource(unit: string): Promise<CsvSource> {
  const { workbook, sheet } = splitUnit(unit);
  if (!WORKBOOK.test(workbook)) return { path: unit, name: basename(unit), cleanup: async () => {} };
  const { book, xlsx } = await readWorkbook(workbook);
  const names = sheet === undefined ? book.SheetNames : [sheet];
  let fallback: CsvSource | undefined;
  for (const name of names) {
    const content = book.Sheets[name];
    if (!content) {
      throw new ImportError(basename(workbook), [
        { value: name, expected: `a sheet of the workbook: ${book.SheetNames.join(", ")}` },
      ]);
    }
    const csv = sheetCsv(xlsx, content);
    if (!hasData(csv) && sheet === undefined) continue;
    const source = await writeSheet(workbook, name, csv);
    if (sheet !== undefined || (await recognised(source))) {
      await fallback?.cleanup();
      return source;
    }
    if (fallback) await source.cleanup();
    else fallback = source;
  }
  if (fallback) return fallback;
  throw new ImportError(basename(workbook), [{ expected: "a sheet with data (every sheet is empty)" }]);
}

/** The units a path stands for: each recognised sheet of a workbook, or the file itself. */
export async function importUnits(path: string): Promise<string[]> {
  if (!isSpreadsheet(path) || splitUnit(path).sheet !== undefined) return [path];
  const { book, xlsx } = await readWorkbook(path);
  const units: string[] = [];
  for (const name of book.SheetNames) {
    const content = book.Sheets[name];
    if (!content) continue;
    const csv = sheetCsv(xlsx, content);
    if (!hasData(csv)) continue;
    const source = await writeSheet(path, name, csv);
    try {
      if (await recognised(source)) units.push(`${path}#${name}`);
    } finally {
      await source.cleanup();
    }
  }
  return units.length ? units : [path];
}
