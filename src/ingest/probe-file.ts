import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";

type Encoding = "utf-8" | "utf-16le" | "utf-16be";

/** What a quick look at a file's first bytes tells: enough to recognise its format and read it. */
export interface FileProbe {
  path: string;
  fileName: string;
  size: number;
  encoding: Encoding;
  kind: "csv" | "jsonl";
  delimiter: string;
  /** Lines before the header row (a `sep=,` line, report titles, `#` comment blocks). */
  skipLines: number;
  preamble: string[];
  header: string[];
  sampleRows: string[][];
}

const HEAD_BYTES = 256 * 1024;
const DELIMITERS = [",", ";", "\t", "|"];

function decode(buffer: Buffer): { text: string; encoding: Encoding } {
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: buffer.subarray(2).toString("utf16le"), encoding: "utf-16le" };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2));
    swapped.swap16();
    return { text: swapped.toString("utf16le"), encoding: "utf-16be" };
  }
  // UTF-16 without a byte-order mark shows as a zero byte beside every ASCII character.
  const sample = buffer.subarray(0, 200);
  const oddZeros = sample.filter((b, i) => i % 2 === 1 && b === 0).length;
  if (sample.length > 8 && oddZeros > sample.length / 4)
    return { text: buffer.toString("utf16le"), encoding: "utf-16le" };
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return { text: buffer.subarray(start).toString("utf8"), encoding: "utf-8" };
}

function countOutsideQuotes(line: string, char: string): number {
  let inQuotes = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === char && !inQuotes) count++;
  }
  return count;
}

function guessDelimiter(lines: string[]): string {
  let best = ",";
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    // A real delimiter splits the header and the rows after it into the same number of fields;
    // title lines above the table (with none, or a stray comma) do not count against it.
    const counts = lines.slice(0, 20).map((l) => countOutsideQuotes(l, delimiter));
    const frequency = new Map<number, number>();
    for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    for (const [fields, times] of frequency) {
      if (fields * times > bestScore) {
        best = delimiter;
        bestScore = fields * times;
      }
    }
  }
  return best;
}

/**
 * Finds where the table starts: exports put titles, date ranges or `#` comments above the header.
 * The header is the first line with the field count most lines share (ties go to the wider
 * count), so a short preamble is skipped and one ragged data row does not move the header.
 */
function findHeaderLine(lines: string[], delimiter: string): number {
  const candidates = lines
    .slice(0, 60)
    .map((line, index) => ({ index, fields: countOutsideQuotes(line, delimiter) }))
    .filter(({ index }) => {
      const line = lines[index] ?? "";
      return !line.startsWith("#") && !/^sep=.$/i.test(line.trim()) && line.trim() !== "";
    });
  const frequency = new Map<number, number>();
  // Title lines without a delimiter are not the table, however many there are.
  for (const { fields } of candidates)
    if (fields > 0) frequency.set(fields, (frequency.get(fields) ?? 0) + 1);
  let common = 0;
  let commonCount = 0;
  for (const [fields, count] of frequency) {
    if (count > commonCount || (count === commonCount && fields > common)) {
      common = fields;
      commonCount = count;
    }
  }
  return candidates.find((c) => c.fields >= common)?.index ?? 0;
}

export async function probeFile(path: string): Promise<FileProbe> {
  const { size } = await stat(path);
  const handle = await open(path, "r");
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const { text, encoding } = decode(head);
  const complete = size <= HEAD_BYTES;
  const rawLines = text.split(/\r?\n/);
  // The last line of a partial read may be cut in the middle.
  const lines = complete ? rawLines : rawLines.slice(0, -1);
  const base = { path, fileName: basename(path), size, encoding };

  const firstContent = lines.find((l) => l.trim() !== "") ?? "";
  if (firstContent.trimStart().startsWith("{")) {
    const records = lines
      .filter((l) => l.trim() !== "")
      .slice(0, 200)
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      });
    const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const sampleRows = records.map((r) =>
      header.map((h) => (Object.hasOwn(r, h) && r[h] !== null ? String(r[h]) : "")),
    );
    return { ...base, kind: "jsonl", delimiter: "", skipLines: 0, preamble: [], header, sampleRows };
  }

  const sepLine = /^sep=(.)$/i.exec(lines[0]?.trim() ?? "");
  const tableLines = sepLine ? lines.slice(1) : lines;
  const delimiter =
    sepLine?.[1] ?? guessDelimiter(tableLines.filter((l) => !l.startsWith("#") && l.trim() !== ""));
  const headerIndex = findHeaderLine(tableLines, delimiter);
  const skipLines = headerIndex + (sepLine ? 1 : 0);
  const body = tableLines.slice(headerIndex).join("\n");
  let records: string[][] = [];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // A file cut inside a quoted field fails on its last record only: the header and the rows before it still tell the format.
      skip_records_with_error: true,
      to: 201,
    }) as string[][];
  } catch {
    records = tableLines.slice(headerIndex, headerIndex + 201).map((l) => l.split(delimiter));
  }
  const [header = [], ...sampleRows] = records;
  return {
    ...base,
    kind: "csv",
    delimiter,
    skipLines,
    preamble: lines.slice(0, skipLines),
    header: header.map((h) => h.trim()),
    sampleRows,
  };
}
