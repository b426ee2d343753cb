import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { quoteIdent, quoteLiteral } from "../store/sql-text.js";
import type { FileReadingStore, Params } from "../store/store.js";
import { ImportError } from "./import-error.js";
import type { FileProbe } from "./probe-file.js";

/**
 * The message a statement raises, with DuckDB's `error()`, on the first row it refuses while writing
 * a file straight into a table; the caller rolls back and explains the refused rows.
 */
export const ROW_REFUSED = "socialroi: row refused";

export class RowRefused extends Error {}

/** Header names made unique (exports sometimes repeat a column name) in file order. */
export function stagedColumnNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, index) => {
    const name = raw === "" ? `column_${index + 1}` : raw;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/** DuckDB reads UTF-8; UTF-16 exports (Keyword Planner, some Meta exports) are converted on the way. */
async function utf8Copy(
  store: FileReadingStore,
  probe: FileProbe,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  if (probe.encoding === "utf-8") return { path: probe.path, cleanup: async () => {} };
  const dir = await store.scratchFolder();
  const target = join(dir, "utf8.csv");
  const decoder = new TextDecoder(probe.encoding);
  await pipeline(
    createReadStream(probe.path),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
      yield decoder.decode();
    },
    createWriteStream(target),
  );
  return { path: target, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The file is read from `$file_path`. */
function readerSql(probe: FileProbe, names: string[]): string {
  const columns = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(", ")}}`;
  if (probe.kind === "jsonl") {
    return `read_json($file_path, format = 'newline_delimited', columns = ${columns})`;
  }
  return `read_csv($file_path, delim = ${quoteLiteral(probe.delimiter)}, quote = '"', escape = '"',
    header = true, skip = ${probe.skipLines}, auto_detect = false, columns = ${columns}, null_padding = false,
    strict_mode = true, encoding = 'utf-8')`;
}

/** DuckDB's read errors as what the user can do about them; DuckDB's own wording (options, fixes for its API) is never shown. */
const READ_ERRORS: { pattern: RegExp; expected: string }[] = [
  {
    pattern: /unterminated quote/i,
    expected:
      "a closing quote: the file ends inside a quoted field, so it looks cut short (export or copy it again)",
  },
  {
    pattern: /invalid unicode|not utf-8/i,
    expected:
      "text in UTF-8 or UTF-16: this line holds bytes of neither (a file cut in the middle of a character, or saved in another encoding)",
  },
];

const SHOWN_LINE_LENGTH = 80;

function explainReadError(probe: FileProbe, message: string): ImportError {
  const line = /Line: (\d+)/.exec(message)?.[1];
  const expected = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const row = line ? Math.max(Number(line) - 1 - probe.skipLines, 1) : undefined;
  if (expected) {
    return new ImportError(probe.fileName, [
      {
        row,
        value: `${expected[2]} fields`,
        expected: `${expected[1]} fields separated by "${probe.delimiter}"`,
      },
    ]);
  }
  const original = /^Original Line: (.*)$/m.exec(message)?.[1];
  const value =
    original && original.length > SHOWN_LINE_LENGTH ? `${original.slice(0, SHOWN_LINE_LENGTH)}…` : original;
  const known = READ_ERRORS.find((e) => e.pattern.test(message));
  const kind =
    probe.kind === "jsonl" ? "JSON lines (one object per line)" : `CSV separated by "${probe.delimiter}"`;
  return new ImportError(probe.fileName, [
    { row, value, expected: known?.expected ?? `readable ${kind}; the file may be cut short or damaged` },
  ]);
}

/**
 * Runs a statement that reads the file (`reader` is the table function reading it), with DuckDB's
 * progress reported while it runs and its parse errors turned into the user's row and column.
 */
export async function readFileInto(
  store: FileReadingStore,
  probe: FileProbe,
  statement: (reader: string) => string,
  onProgress?: (fraction: number) => void,
  params?: Params,
): Promise<void> {
  const { path, cleanup } = await utf8Copy(store, probe);
  const timer = onProgress
    ? setInterval(() => {
        const done = store.progress();
        if (done !== undefined) onProgress(done);
      }, 100)
    : undefined;
  try {
    await store.run(statement(readerSql(probe, stagedColumnNames(probe.header))), {
      ...params,
      file_path: path,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes(ROW_REFUSED)) throw new RowRefused(message);
    throw explainReadError(probe, message);
  } finally {
    if (timer) clearInterval(timer);
    await cleanup();
  }
  onProgress?.(1);
}

/** Loads a file into a temporary table of text columns, `__row` numbering the data rows from 1. */
export async function stageFile(
  store: FileReadingStore,
  probe: FileProbe,
  stagingTable: string,
): Promise<void> {
  await readFileInto(
    store,
    probe,
    (reader) =>
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable)} AS SELECT row_number() OVER () AS __row, * FROM ${reader}`,
  );
}
