import { readFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { CellValue, Worksheet } from "exceljs";

/**
 * Workbook sheets as CSV text, written where the importer reads them. This runs in a worker thread
 * with bounded memory and time (see spreadsheet.ts): the readers parse untrusted files, and a hostile
 * one must cost that thread only. What the main thread gets back is plain data: names and paths.
 * Each worker reads one workbook and stops, so the readers are loaded on use, only the one it needs.
 */

/** What the main thread asks of a worker. */
export interface WorkbookJob {
  path: string;
  /** The folder to write into, made and removed by the main thread. */
  dir: string;
  /** The one sheet to write; every sheet when absent. */
  sheet?: string;
  /** The worker's heap limit, which its inflated content may not exceed either. */
  memoryMb: number;
}

export interface SheetFile {
  name: string;
  path: string;
  empty: boolean;
}

export interface WorkbookCsv {
  /** Every sheet of the workbook, in order. */
  names: string[];
  /** The CSV written for each sheet the job asked for. */
  files: SheetFile[];
}

/** Cell texts by 0-based row and column; a missing row or cell is a hole. */
type SheetRows = ((string | undefined)[] | undefined)[];

interface Sheet {
  name: string;
  rows(): SheetRows;
}

export function tooCostly(limit: string): string {
  return `the workbook could not be read within ${limit}: too large or malformed; export the sheet as CSV instead`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Dates as ISO text, so readers see the same value whatever the cell's display format. Both readers
 * give a date cell as the Date whose UTC fields are the cell's wall-clock time; a day fraction rarely
 * lands on a whole second, hence the rounding.
 */
function isoDate(date: Date): string {
  const at = new Date(Math.round(date.getTime() / 1000) * 1000);
  const day = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return time === "00:00:00" ? day : `${day} ${time}`;
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV as spreadsheet applications export it: from the leftmost column that holds data, trailing empty
 * fields dropped, empty rows left out, numbers as stored.
 */
function toCsv(rows: SheetRows): string {
  let first = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    const column = row?.findIndex((text) => text !== undefined && text !== "") ?? -1;
    if (column >= 0 && column < first) first = column;
  }
  const lines: string[] = [];
  for (const row of rows) {
    const fields = Array.from(row?.slice(first) ?? [], (text) => quote(text ?? ""));
    while (fields.at(-1) === "") fields.pop();
    if (fields.length > 0) lines.push(fields.join(","));
  }
  return lines.join("\n");
}

/** The text a cell shows: a formula's last computed result, a link's or rich text's plain text. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return isoDate(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value !== "object") return String(value);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  // A link's text is rich text when the workbook styles part of it, whatever the declared type says.
  if ("hyperlink" in value) return cellText(value.text);
  if ("error" in value) return value.error;
  return cellText(value.result);
}

async function openXmlSheets(data: Buffer): Promise<Sheet[]> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  // Typed as an ArrayBuffer, the input goes to JSZip, which takes a Node Buffer as well.
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const rows = (sheet: Worksheet): SheetRows => {
    const out: SheetRows = [];
    sheet.eachRow((row, r) => {
      const cells: (string | undefined)[] = [];
      row.eachCell((cell, c) => {
        // The cells a merge covers repeat its value; exports show it once, in the first cell.
        cells[c - 1] = cell.type === ExcelJS.ValueType.Merge ? "" : cellText(cell.value);
      });
      out[r - 1] = cells;
    });
    return out;
  };
  return book.worksheets.map((sheet) => ({ name: sheet.name, rows: () => rows(sheet) }));
}

/** Legacy .xls (BIFF), .ods and the other formats SheetJS reads (an "xls" is sometimes HTML or XML). */
async function sheetJsSheets(data: Buffer): Promise<Sheet[]> {
  const XLSX = await import("@e965/xlsx");
  // The ESM build leaves out the code pages that BIFF5 and older files need for their text.
  XLSX.set_cptable(await import("@e965/xlsx/dist/cpexcel.full.mjs"));
  const book = XLSX.read(data, {
    type: "buffer",
    dense: true,
    cellDates: true,
    cellFormula: false,
    cellHTML: false,
  });
  return book.SheetNames.map((name) => ({
    name,
    rows: () =>
      (book.Sheets[name]?.["!data"] ?? []).map((row) =>
        row.map((cell): string | undefined => {
          if (cell.t === "d" && cell.v instanceof Date) return isoDate(cell.v);
          if (cell.t === "b") return cell.v ? "TRUE" : "FALSE";
          if (cell.t === "e") return cell.w ?? "";
          return cell.v === undefined ? undefined : String(cell.v);
        }),
      ),
  }));
}

const ZIP = Buffer.from("PK\x03\x04", "latin1");

/**
 * Inflated data lives outside the JavaScript heap that the worker's limit caps (SheetJS took the
 * process to 3 GB on a 1.5 MB .ods of 1.5 GB of blanks): a zip whose content exceeds the limit is
 * refused before a reader inflates it.
 */
async function boundInflatedSize(data: Buffer, memoryMb: number): Promise<void> {
  const { default: JSZip } = await import("jszip");
  const zip = await JSZip.loadAsync(data);
  let left = memoryMb * 2 ** 20;
  for (const entry of zip.filter((_, file) => !file.dir)) {
    await new Promise((resolve, reject) => {
      const stream = entry.nodeStream();
      stream.on("data", (chunk: Buffer) => {
        left -= chunk.length;
        if (left >= 0) return;
        stream.pause();
        reject(new Error(tooCostly(`${memoryMb} MB of memory`)));
      });
      stream.on("error", reject);
      stream.on("end", resolve);
    });
  }
}

/** Reads the workbook and writes the CSV of each sheet the job asks for, each under its position. */
export async function writeWorkbookCsv(job: WorkbookJob): Promise<WorkbookCsv> {
  const data = await readFile(job.path);
  const zipped = data.subarray(0, ZIP.length).equals(ZIP);
  if (zipped) await boundInflatedSize(data, job.memoryMb);
  // By content rather than name: exporters often name an .xlsx ".xls". OpenDocument is a zip too.
  const openXml = zipped && extname(job.path).toLowerCase() !== ".ods";
  const sheets = await (openXml ? openXmlSheets(data) : sheetJsSheets(data));
  const files: SheetFile[] = [];
  for (const [index, sheet] of sheets.entries()) {
    if (job.sheet !== undefined && sheet.name !== job.sheet) continue;
    const csv = toCsv(sheet.rows());
    // Named by position: a sheet name may hold any character, path separators included.
    const path = join(job.dir, `${index}.csv`);
    await writeFile(path, csv, "utf8");
    files.push({ name: sheet.name, path, empty: !/[^,\s]/.test(csv) });
  }
  return { names: sheets.map((sheet) => sheet.name), files };
}
