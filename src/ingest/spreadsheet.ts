import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { runWorkerThread } from "../domain/worker-thread.js";
import { FILE_FORMATS } from "./formats/index.js";
import { ImportError } from "./import-error.js";
import { probeFile } from "./probe-file.js";
import { type SheetFile, tooCostly, type WorkbookCsv, type WorkbookJob } from "./workbook-csv.js";

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

/** What reading one workbook may cost at most; past either limit its reader is stopped. */
export interface WorkbookLimits {
  seconds: number;
  memoryMb: number;
}

/**
 * LinkedIn's exports (a row per day or per post) read in about a second. These limits hold a sheet of
 * some 400,000 cells (20,000 rows of 20 columns: 10 s on a busy 2-core machine); larger data imports
 * as CSV, which is streamed.
 */
export const WORKBOOK_LIMITS: WorkbookLimits = { seconds: 20, memoryMb: 256 };

const WORKBOOK = /\.(xlsx|xlsm|xls|ods)$/i;

function splitUnit(unit: string): { workbook: string; sheet?: string } {
  if (WORKBOOK.test(unit) || existsSync(unit)) return { workbook: unit };
  const hash = unit.lastIndexOf("#");
  const workbook = hash > 0 ? unit.slice(0, hash) : unit;
  return WORKBOOK.test(workbook) ? { workbook, sheet: unit.slice(hash + 1) } : { workbook: unit };
}

function isSpreadsheet(unit: string): boolean {
  return WORKBOOK.test(splitUnit(unit).workbook);
}

function failure(error: unknown, limits: WorkbookLimits): string {
  if ((error as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return tooCostly(`${limits.memoryMb} MB of memory`);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parsers of untrusted workbooks have had prototype pollution and catastrophic backtracking bugs, and a
 * small zip can inflate to gigabytes: each workbook is read in a worker thread of its own, with its
 * own heap (capped) and a deadline, so that a hostile file costs its own import only while the server
 * goes on answering.
 */
async function readInWorker(job: WorkbookJob, limits: WorkbookLimits): Promise<WorkbookCsv> {
  const outcome = await runWorkerThread<WorkbookCsv>(import.meta.url, "workbook-worker", job, limits, {
    deadline: tooCostly(`${limits.seconds} s`),
    error: (error) => failure(error, limits),
    exit: "the reader stopped",
  });
  if ("result" in outcome) return outcome.result;
  throw new ImportError(basename(job.path), [
    { expected: `a readable .xls/.xlsx/.ods workbook (${outcome.problem})` },
  ]);
}

interface Workbook extends WorkbookCsv {
  cleanup(): Promise<void>;
}

/** The CSV files of a workbook's sheets (the one named, or all), in a folder removed by `cleanup`. */
async function readWorkbook(
  path: string,
  sheet: string | undefined,
  limits: WorkbookLimits,
): Promise<Workbook> {
  const dir = await mkdtemp(join(tmpdir(), "socialroi-sheet-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    return { ...(await readInWorker({ path, dir, sheet, memoryMb: limits.memoryMb }, limits)), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function recognised(workbook: string, file: SheetFile): Promise<boolean> {
  const probe = { ...(await probeFile(file.path)), fileName: `${basename(workbook)}#${file.name}` };
  return FILE_FORMATS.some((format) => format.detect(probe) > 0);
}

/** The sheet to import: the one named, else the first a format recognises, else the first with data. */
async function chosenSheet(workbook: string, book: Workbook, sheet: string | undefined): Promise<SheetFile> {
  if (sheet !== undefined) {
    const [file] = book.files;
    if (file) return file;
    throw new ImportError(basename(workbook), [
      { value: sheet, expected: `a sheet of the workbook: ${book.names.join(", ")}` },
    ]);
  }
  const withData = book.files.filter((file) => !file.empty);
  for (const file of withData) if (await recognised(workbook, file)) return file;
  const [first] = withData;
  if (first) return first;
  throw new ImportError(basename(workbook), [{ expected: "a sheet with data (every sheet is empty)" }]);
}

/**
 * The CSV to import for a file or sheet unit. A workbook given without a sheet yields its first sheet
 * a format recognises (else its first sheet with data); other files are returned as they are.
 */
export async function csvSource(unit: string, limits = WORKBOOK_LIMITS): Promise<CsvSource> {
  const { workbook, sheet } = splitUnit(unit);
  if (!WORKBOOK.test(workbook)) return { path: unit, name: basename(unit), cleanup: async () => {} };
  const book = await readWorkbook(workbook, sheet, limits);
  try {
    const file = await chosenSheet(workbook, book, sheet);
    return { path: file.path, name: `${basename(workbook)}#${file.name}`, cleanup: book.cleanup };
  } catch (error) {
    await book.cleanup();
    throw error;
  }
}

/** The units a path stands for: each recognised sheet of a workbook, or the file itself. */
export async function importUnits(path: string): Promise<string[]> {
  if (!isSpreadsheet(path) || splitUnit(path).sheet !== undefined) return [path];
  const book = await readWorkbook(path, undefined, WORKBOOK_LIMITS);
  try {
    const units: string[] = [];
    for (const file of book.files) {
      if (!file.empty && (await recognised(path, file))) units.push(`${path}#${file.name}`);
    }
    return units.length ? units : [path];
  } finally {
    await book.cleanup();
  }
}
