import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import type { Workspace } from "../../src/domain/workspace.js";
import { ImportError } from "../../src/ingest/import-error.js";
import { importFile } from "../../src/ingest/import-file.js";
import { probeFile } from "../../src/ingest/probe-file.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { NATIVE_FIXTURES } from "./helpers.js";

/**
 * The copies users make of their exports, generated from every native fixture: renamed, split in
 * two with an overlap, re-saved by a spreadsheet in a comma-decimal locale (`;`, `12,5`, day-first
 * dates, ids rounded to 15 digits), re-encoded (UTF-8 with a mark, UTF-16, tabs, CRLF) and cut at
 * every kind of boundary. Each copy, imported beside the original in any order, must store what
 * the original alone stores, or be refused with a clear message and leave the store as it was.
 */

const RUNS = Number(process.env.SOCIALROI_MESS_RUNS ?? 8);
const SEED = Number(process.env.SOCIALROI_MESS_SEED ?? 20261206);
const TABLES = ["posts", "account_days", "costs", "conversions", "traffic", "keyword_cpcs"];
/** What an import error may never show a user: the database's or the runtime's own words. */
const INTERNALS =
  /Invalid Input|CSV Error|Binder|Conversion Error|Parser Error|duckdb|\b__\w+|\bSQL\b|TypeError|\n\s+at /i;

let inputsTried = 0;
const dir = await mkdtemp(join(tmpdir(), "socialroi-mess-prop-"));
const store = await DuckDbStore.open(":memory:");
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
  console.log(`mess property tests: ${inputsTried} copies tried`);
});

/** A fixture as records: what comes before the header (kept as text), the header, the data rows. */
interface Export {
  name: string;
  preamble: string[];
  records: string[][];
  delimiter: string;
  utf16: boolean;
}

async function readExport(name: string): Promise<Export> {
  const path = join(NATIVE_FIXTURES, name);
  const probe = await probeFile(path);
  const bytes = readFileSync(path);
  const utf16 = probe.encoding !== "utf-8";
  const text = utf16 ? bytes.subarray(2).toString("utf16le") : bytes.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  const records = parse(lines.slice(probe.skipLines).join("\n"), {
    delimiter: probe.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as string[][];
  return { name, preamble: lines.slice(0, probe.skipLines), records, delimiter: probe.delimiter, utf16 };
}

interface Writing {
  delimiter: string;
  lineEnd: "\n" | "\r\n";
  encoding: "utf-8" | "utf-8 with BOM" | "utf-16le";
}

function serialise(file: Export, records: string[][], how: Writing): Buffer {
  const cell = (value: string) =>
    value.includes(how.delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  const text = [...file.preamble, ...records.map((r) => r.map(cell).join(how.delimiter))].join(how.lineEnd);
  const body = `${text}${how.lineEnd}`;
  if (how.encoding === "utf-16le")
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, "utf16le")]);
  return Buffer.from(how.encoding === "utf-8 with BOM" ? `\uFEFF${body}` : body, "utf8");
}

const asItWas = (file: Export): Writing => ({
  delimiter: file.delimiter,
  lineEnd: "\n",
  encoding: file.utf16 ? "utf-16le" : "utf-8",
});

/** How a spreadsheet in a comma-decimal locale writes a cell back: only what it recognised as a number or a date changes. */
function resavedCell(value: string, roundIds: boolean): string {
  if (/^-?\d+\.\d+$/.test(value)) return value.replace(".", ",");
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) return value.replaceAll(",", "").replace(".", ",");
  const iso = /^(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2}(:\d{2})?)?$/.exec(value);
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}${iso[4] ?? ""}`;
  if (roundIds && /^\d{16,}$/.test(value)) {
    return Number(value)
      .toExponential(14)
      .replace(/\.?0+e/, "e")
      .toUpperCase();
  }
  return value;
}

/** A copy of the export and how to import it beside the original. */
interface Copy {
  kind: string;
  /** Files written for this copy, imported in this order; "original" stands for the untouched fixture. */
  files: ({ name: string; bytes: Buffer } | "original")[];
  /** Whether the result must equal the original alone (false: a cut that may keep a partial last row). */
  exact: boolean;
  /** Whether raw columns (kept as the file's own text) may differ: a re-save rewrites their text. */
  rawRewritten: boolean;
  [fc.toStringMethod]?: () => string;
}

/** A counterexample as a person reads it: the kind of copy and the start of each file it wrote. */
function described(copy: Omit<Copy, typeof fc.toStringMethod>): Copy {
  const text = (bytes: Buffer) =>
    (bytes[0] === 0xff ? bytes.subarray(2).toString("utf16le") : bytes.toString("utf8")).slice(0, 300);
  return Object.assign(copy, {
    [fc.toStringMethod]: () =>
      `${copy.kind}: ${copy.files.map((f) => (f === "original" ? "the original" : `${f.name} ${JSON.stringify(text(f.bytes))}`)).join(", then ")}`,
  });
}

function copies(file: Export): fc.Arbitrary<Copy> {
  const [header = [], ...rows] = file.records;
  const original = readFileSync(join(NATIVE_FIXTURES, file.name));
  const bothOrders = (copy: { name: string; bytes: Buffer }, first: boolean): Copy["files"] =>
    first ? [copy, "original"] : ["original", copy];
  const renamed = fc
    .tuple(
      fc.constantFrom("export.csv", `Copy of ${file.name}`, file.name.replace(/(\.\w+)$/, " (1)$1")),
      fc.boolean(),
    )
    .map(([name, first]) =>
      described({
        kind: "renamed",
        files: bothOrders({ name, bytes: original }, first),
        exact: true,
        rawRewritten: false,
      }),
    );
  const split = fc
    .tuple(fc.nat({ max: rows.length }), fc.nat({ max: rows.length }), fc.boolean())
    .map(([a, b, firstPartFirst]): Copy => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const parts = [rows.slice(0, to), rows.slice(from)].map((part, i) => ({
        name: `part${i + 1}/${file.name}`,
        bytes: serialise(file, [header, ...part], asItWas(file)),
      }));
      return described({
        kind: "split with overlap",
        files: firstPartFirst ? parts : [...parts].reverse(),
        exact: true,
        rawRewritten: false,
      });
    });
  const resaved = fc.tuple(fc.boolean(), fc.boolean()).map(([roundIds, first]): Copy => {
    const bytes = serialise(file, [header, ...rows.map((r) => r.map((c) => resavedCell(c, roundIds)))], {
      delimiter: ";",
      lineEnd: "\r\n",
      encoding: "utf-8 with BOM",
    });
    return described({
      kind: roundIds ? "re-saved, ids rounded" : "re-saved",
      files: bothOrders({ name: file.name, bytes }, first),
      exact: true,
      rawRewritten: true,
    });
  });
  const reencoded = fc
    .tuple(
      fc.constantFrom<Writing["encoding"]>("utf-8", "utf-8 with BOM", "utf-16le"),
      fc.constantFrom<Writing["lineEnd"]>("\n", "\r\n"),
      fc.constantFrom(file.delimiter, "\t"),
      fc.boolean(),
    )
    .map(([encoding, lineEnd, delimiter, first]) =>
      described({
        kind: `re-encoded ${encoding}`,
        files: bothOrders(
          { name: file.name, bytes: serialise(file, file.records, { encoding, lineEnd, delimiter }) },
          first,
        ),
        exact: true,
        rawRewritten: false,
      }),
    );
  const whole = serialise(file, file.records, asItWas(file));
  const text = whole.toString(file.utf16 ? "utf16le" : "utf8");
  // Every kind of place a transfer stops: after a line, after a delimiter, inside quotes, inside a character.
  const boundaries = (pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m.index + m[0].length);
  const cutAt = (offsets: number[], kind: string, exact: boolean) =>
    fc.constantFrom(...(offsets.length ? offsets : [0])).map((offset) => {
      const bytes = file.utf16
        ? whole.subarray(0, 2 + Buffer.byteLength(text.slice(0, offset), "utf16le"))
        : Buffer.from(text.slice(0, offset), "utf8");
      return described({ kind, files: [{ name: file.name, bytes }, "original"], exact, rawRewritten: false });
    });
  const multiByte = [...text.matchAll(/[^ -~\s]/g)].map(
    (m) => Buffer.byteLength(text.slice(0, m.index), "utf8") + 1,
  );
  const cutInCharacter = fc.constantFrom(...(multiByte.length && !file.utf16 ? multiByte : [1])).map((at) =>
    described({
      kind: "cut inside a character",
      files: [{ name: file.name, bytes: whole.subarray(0, at) }, "original"],
      exact: false,
      rawRewritten: false,
    }),
  );
  return fc.oneof(
    renamed,
    split,
    resaved,
    reencoded,
    cutAt(boundaries(/\n/g), "cut after a line", true),
    cutAt(
      boundaries(new RegExp(file.delimiter === "\t" ? "\t" : `\\${file.delimiter}`, "g")),
      "cut after a delimiter",
      false,
    ),
    cutAt(boundaries(/"[^"\n]/g), "cut inside quotes", false),
    cutInCharacter,
  );
}

/** What a workspace holds, without what changes from one import to the next (ids of imports, raw text if asked). */
async function stored(workspace: Workspace, withRaw: boolean): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TABLES) {
    // A cost's id is a hash of its workspace and key, so it differs from one test workspace to the next.
    const columns = `workspace_id, import_id${table === "costs" ? ", cost_id" : ""}${withRaw ? "" : ", extra"}`;
    parts.push(
      await store.all(`SELECT * EXCLUDE (${columns}) FROM ${table} WHERE workspace_id = $ws ORDER BY ALL`, {
        ws: workspace.id,
      }),
    );
  }
  return JSON.stringify(parts, (_, v) => (typeof v === "bigint" ? String(v) : v));
}

let workspaces = 0;
const newWorkspace = () =>
  createWorkspace(store, { name: `mess ${++workspaces}`, currency: "EUR", timezone: "UTC", locale: "en" });

/**
 * The fixtures without a year in their dates or their name are imported for 2024. A renamed copy
 * is imported without one: its name may have carried the year (TikTok), which it must then ask for.
 */
async function importInto(workspace: Workspace, path: string, year: number | undefined) {
  return importFile(store, workspace, { path, year });
}

const fixtures = readdirSync(NATIVE_FIXTURES).filter((f) => f.endsWith(".csv"));

for (const name of fixtures) {
  test(`mess property: copies of ${name} store what the original stores, or are refused cleanly`, {
    timeout: 300_000,
  }, async () => {
    const file = await readExport(name);
    const originalPath = join(NATIVE_FIXTURES, name);
    const alone = await newWorkspace();
    await importInto(alone, originalPath, 2024);
    const expected = { raw: await stored(alone, true), typed: await stored(alone, false) };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(copies(file), async (copy) => {
        inputsTried++;
        const workspace = await newWorkspace();
        const caseDir = join(dir, `case-${++run}-${workspaces}`);
        for (const step of copy.files) {
          if (step === "original") {
            await importInto(workspace, originalPath, 2024);
            continue;
          }
          const path = join(caseDir, step.name);
          await mkdir(join(path, ".."), { recursive: true });
          await writeFile(path, step.bytes);
          const before = await stored(workspace, true);
          try {
            await importInto(workspace, path, copy.kind === "renamed" ? undefined : 2024);
          } catch (error) {
            if (!(error instanceof ImportError)) throw error;
            assert.doesNotMatch(error.message, INTERNALS, `${copy.kind}: the message shows internals`);
            assert.ok(
              error.message.includes(step.name.split("/").at(-1)!),
              `${copy.kind}: the message names the file`,
            );
            assert.equal(
              await stored(workspace, true),
              before,
              `${copy.kind}: a refused import changed the store`,
            );
          }
        }
        if (!copy.exact) return;
        assert.equal(
          await stored(workspace, !copy.rawRewritten),
          copy.rawRewritten ? expected.typed : expected.raw,
          `${copy.kind}: the copy and the original store something else than the original alone`,
        );
      }),
      { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
    );
  });
}

for (const name of fixtures) {
  test(`${name}: every data row is stored or counted as skipped with its reason`, async () => {
    const file = await readExport(name);
    const report = await importInto(await newWorkspace(), join(NATIVE_FIXTURES, name), 2024);
    const [first] = report.tables;
    assert.ok(first);
    const skipped = report.skipped.reduce((sum, s) => sum + s.rows, 0);
    assert.equal(first.inserted + first.updated + first.unchanged + skipped, file.records.length - 1);
    for (const s of report.skipped) assert.match(s.reason, /\w/, "a reason a person can read");
  });
}
