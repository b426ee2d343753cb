import { z } from "zod";
import { type CanonicalFormat, canonicalFormat } from "../domain/canonical.js";
import { newId } from "../domain/ids.js";
import { ownValue } from "../domain/own-value.js";
import type { Workspace } from "../domain/workspace.js";
import { type CopiedRows, hasRows, type TableLoad, type TableResult } from "../store/bulk-load.js";
import { defineQuery, runQuery, runQueryForOne } from "../store/query.js";
import { quoteIdent, quoteLiteral } from "../store/sql-text.js";
import type { FileReadingStore } from "../store/store.js";
import { checkCurrencyRates, completeValueRules, explainProblems, typedRows } from "./check-rows.js";
import {
  anyProblemSql,
  columnSelect,
  mappingParams,
  problemConditions,
  rawColumn,
} from "./column-expressions.js";
import type { ColumnSource, FileFormat, TableMapping } from "./file-format.js";
import { FILE_FORMATS } from "./formats/index.js";
import { ImportError } from "./import-error.js";
import { type FileProbe, probeFile } from "./probe-file.js";
import { type CsvSource, csvSource } from "./spreadsheet.js";
import { ROW_REFUSED, RowRefused, readFileInto, stagedColumnNames } from "./stage-file.js";
import { TABLE_OWNERS } from "./table-owners.js";
import { detectValueStyle, type ValueStyle } from "./value-style.js";

/** A table's result under the name a person reads in the summary. */
interface ImportedTable extends TableResult {
  label: string;
}

export interface ImportReport {
  file: string;
  format: string;
  rowsRead: number;
  tables: ImportedTable[];
  /** Rows of the file left out on purpose (see TableMapping.skipped), by reason. */
  skipped: SkippedRows[];
  warnings: string[];
  dryRun: boolean;
}

const SKIPPED_ROWS = z.object({ reason: z.string(), rows: z.number() });
type SkippedRows = z.infer<typeof SKIPPED_ROWS>;

/** A checked copy's rows: all, those to import, those refused. */
const CHECKED_COUNTS = z.object({ all_rows: z.number(), kept: z.number(), bad: z.number() });

export interface ImportRequest {
  path: string;
  format?: string;
  year?: number;
  dryRun?: boolean;
  onProgress?: (fraction: number) => void;
}

function chooseFormat(probe: FileProbe, requested?: string): FileFormat {
  if (requested && requested !== "auto") {
    const format = FILE_FORMATS.find((f) => f.name === requested);
    if (!format) {
      throw new ImportError(probe.fileName, [
        { value: requested, expected: `a format name: ${FILE_FORMATS.map((f) => f.name).join(", ")}` },
      ]);
    }
    return format;
  }
  let best: FileFormat | undefined;
  let bestScore = 0;
  for (const format of FILE_FORMATS) {
    const score = format.detect(probe);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  if (!best) {
    const found = probe.header.slice(0, 12).join(", ");
    throw new ImportError(probe.fileName, [
      {
        row: 0,
        value: found,
        expected:
          "a header socialroi recognises: one of its own formats (see examples/ and `socialroi import --help`) " +
          "or a supported network export; pass --format to choose one",
      },
    ]);
  }
  return best;
}

function usedColumns(
  format: FileFormat,
  probe: FileProbe,
  mappings: TableMapping[],
  columns: string[],
): Set<string> {
  if (format.usedColumns) return new Set(format.usedColumns(probe));
  const sources = mappings.flatMap((m) => Object.values(m.columns)).filter((s) => s !== undefined);
  const sqlText = [
    ...sources.map((s) => (typeof s === "string" ? "" : s.sql)),
    ...mappings.map((m) => m.where ?? ""),
  ].join(" ");
  return new Set(columns.filter((name) => sources.includes(name) || sqlText.includes(quoteIdent(name))));
}

function checkRequiredHeader(probe: FileProbe, spec: CanonicalFormat, mapping: TableMapping): void {
  const missing = spec.columns.filter((c) => c.required && mapping.columns[c.name] === undefined);
  if (missing.length === 0) return;
  throw new ImportError(
    probe.fileName,
    missing.map((c) => ({
      row: 0,
      column: c.name,
      expected: `a "${c.name}" column in the header (${c.description})`,
    })),
  );
}

/** Readers whose SQL needs the file order (e.g. to number repeated posts) get `__row`; the others skip its cost. */
function numbered(mapping: TableMapping, reader: string): string {
  const sql = [
    mapping.where ?? "",
    ...Object.values(mapping.columns).map((s) => (typeof s === "object" ? s.sql : "")),
  ].join(" ");
  return sql.includes("__row") ? `(SELECT row_number() OVER () AS __row, * FROM ${reader})` : reader;
}

/** Every row of the file typed, with `__bad` flagging the rows to refuse. */
function checkedRows(
  spec: CanonicalFormat,
  mapping: TableMapping,
  style: ValueStyle,
  timezone: string,
  extraColumns: string[],
  reader: string,
): string {
  const raws = spec.columns.map((c) => rawColumn(c.name)).join(", ");
  return `SELECT * EXCLUDE (${raws}), __keep AND (${anyProblemSql(problemConditions(spec, mapping))}) AS __bad
    FROM (SELECT ${columnSelect(spec, mapping, style, timezone, extraColumns)} FROM ${numbered(mapping, reader)})`;
}

function styleFor(
  probe: FileProbe,
  format: FileFormat,
  spec: CanonicalFormat,
  mapping: TableMapping,
  columns: string[],
): ValueStyle {
  // A column read through an expression (X's `time`, re-saved by Excel as `28/09/2018 21:57`) is
  // written in the file's style as much as one read as it is.
  const read = (source: ColumnSource | undefined): string[] => {
    if (source === undefined) return [];
    if (typeof source === "string") return [source];
    if (source.typed) return [];
    return source.column ? [source.column] : columns.filter((name) => source.sql.includes(quoteIdent(name)));
  };
  const positions = (kinds: string[]) =>
    spec.columns
      .filter((c) => kinds.includes(c.type.kind))
      .flatMap((c) => read(mapping.columns[c.name]))
      .map((s) => columns.indexOf(s))
      .filter((i) => i >= 0);
  return detectValueStyle(
    probe.sampleRows,
    positions(["integer", "decimal"]),
    positions(["date", "timestamp"]),
    probe.delimiter,
    format.slashedDates,
  );
}

/**
 * Imports one file (or one sheet of a workbook), all or nothing: it is written in one transaction,
 * after it is checked in full or, for a table's first import, while it is checked, rolled back at
 * the first bad row. Rows already present (same natural key, same values) change nothing.
 */
export async function importFile(
  store: FileReadingStore,
  workspace: Workspace,
  request: ImportRequest,
): Promise<ImportReport> {
  // A spreadsheet sheet (`book.xlsx#Sheet`) is imported through a temporary CSV of that sheet.
  const source = await csvSource(request.path);
  try {
    return await importCsv(store, workspace, request, source);
  } finally {
    await source.cleanup();
  }
}

interface CheckedTable extends CopiedRows {
  style: ValueStyle;
  label: string;
}

interface StreamedTable {
  spec: CanonicalFormat;
  label: string;
  mapping: TableMapping;
  style: ValueStyle;
  onProgress?: (fraction: number) => void;
}

const NO_ROWS = { row: 1, expected: "at least one row after the header (the file has none)" };

/**
 * A table's first import is written straight from the file: with nothing stored to compare
 * against, no typed copy of the file is needed, and DuckDB would hold that copy in memory (2.2 GB
 * for a million-row X export under its default memory limit, 0.85 GB streamed). Currency rates are
 * checked on the written rows before the commit. Dry runs, value rules (completed in the copy),
 * filtered mappings (rows read ≠ rows kept) and tables filled by several mappings keep the copy.
 */
async function streamable(
  store: FileReadingStore,
  spec: CanonicalFormat,
  mapping: TableMapping,
  mappings: TableMapping[],
  workspace: Workspace,
  dryRun: boolean,
): Promise<boolean> {
  if (dryRun || mapping.where || mapping.skipped || spec.name === "value_rules") return false;
  if (mappings.filter((m) => m.target === mapping.target).length > 1) return false;
  return !(await hasRows(store, spec, workspace));
}

/**
 * The file into an empty table in one read; the first bad row stops the statement (ROW_REFUSED).
 * Every row of the file is written (no filter), in file order: the n-th row of the import is the
 * file's row n, which the currency check counts on before the rows settle.
 */
function fileLoad(
  store: FileReadingStore,
  probe: FileProbe,
  table: StreamedTable,
  extraColumns: string[],
  workspace: Workspace,
  importId: string,
): TableLoad {
  const { spec, mapping, style } = table;
  const written = `FROM ${quoteIdent(spec.table)} WHERE workspace_id = $ws AND import_id = $import`;
  return {
    spec,
    workspace,
    importId,
    extraColumns,
    from: "file",
    read: (statement, params) =>
      readFileInto(
        store,
        probe,
        (reader) =>
          statement(`SELECT * FROM (${checkedRows(spec, mapping, style, workspace.timezone, extraColumns, reader)})
             WHERE CASE WHEN __bad THEN error(${quoteLiteral(ROW_REFUSED)}) ELSE __keep END`),
        table.onProgress,
        { ...mappingParams(mapping), ...params },
      ),
    check: () =>
      checkCurrencyRates(
        store,
        probe.fileName,
        spec,
        mapping,
        {
          rows: `(SELECT * ${written})`,
          numbered: `(SELECT row_number() OVER (ORDER BY rowid) AS __file_row, * ${written})`,
          params: { ws: workspace.id, import: importId },
        },
        workspace,
      ),
  };
}

async function importCsv(
  store: FileReadingStore,
  workspace: Workspace,
  request: ImportRequest,
  source: CsvSource,
): Promise<ImportReport> {
  const probe = { ...(await probeFile(source.path)), fileName: source.name };
  const file = probe.fileName;
  if (probe.size === 0 || probe.header.length === 0) {
    throw new ImportError(file, [{ expected: "a header line and at least one row (the file is empty)" }]);
  }
  // Header names become the staged columns' SQL identifiers, which cannot hold a NUL.
  const nulColumn = probe.header.find((name) => name.includes("\0"));
  if (nulColumn !== undefined) {
    throw new ImportError(file, [
      { row: 0, value: nulColumn, expected: "column names without NUL characters in the header" },
    ]);
  }
  const format = chooseFormat(probe, request.format);
  const mappings = format.mappings(probe, { year: request.year, timezone: workspace.timezone });
  const columns = stagedColumnNames(probe.header);
  const used = usedColumns(format, probe, mappings, columns);
  const extraColumns = columns.filter((c) => !used.has(c));
  const prefix = `imp_${newId("imp", 8).slice(4)}`;
  const checked: CheckedTable[] = [];
  // In file order: each table is merged from its checked copy or streamed from the file.
  const writes: (CheckedTable | StreamedTable)[] = [];
  const dryRun = request.dryRun ?? false;
  let rowsRead = 0;
  const skipped: SkippedRows[] = [];
  let streaming: StreamedTable | undefined;
  try {
    for (const [index, mapping] of mappings.entries()) {
      const spec = canonicalFormat(mapping.target);
      if (!spec) throw new Error(`Unknown target table ${mapping.target}`);
      if (format.name === spec.name) checkRequiredHeader(probe, spec, mapping);
      const style = styleFor(probe, format, spec, mapping, columns);
      const label = mapping.label ?? spec.name.replaceAll("_", " ");
      const onProgress = index === 0 ? request.onProgress : undefined;
      if (await streamable(store, spec, mapping, mappings, workspace, dryRun)) {
        writes.push({ spec, label, mapping, style, onProgress });
        continue;
      }
      const typed = `${prefix}_${index}`;
      // One read types every column and flags bad rows; the slow, row-numbered explanation runs only when one is found.
      await readFileInto(
        store,
        probe,
        (reader) =>
          `CREATE OR REPLACE TEMP TABLE ${quoteIdent(typed)} AS
           ${checkedRows(spec, mapping, style, workspace.timezone, extraColumns, reader)}`,
        onProgress,
        mappingParams(mapping),
      );
      checked.push({ spec, typedTable: typed, extraColumns, mappedColumns: [], rows: 0, style, label });
      const counts = await runQueryForOne(
        store,
        defineQuery("ingest/checked-counts", CHECKED_COUNTS, {
          duckdb: `SELECT count(*) AS all_rows, count(*) FILTER (WHERE __keep) AS kept, count(*) FILTER (WHERE __bad) AS bad FROM ${quoteIdent(typed)}`,
        }),
      );
      rowsRead = Math.max(rowsRead, counts.all_rows);
      if (!counts.all_rows) throw new ImportError(file, [NO_ROWS]);
      if (counts.bad > 0) throw await explainProblems(store, probe, spec, mapping, style, workspace.timezone);
      if (mapping.skipped) {
        skipped.push(
          ...(await runQuery(
            store,
            defineQuery("ingest/skipped-rows", SKIPPED_ROWS, {
              duckdb: `SELECT __skipped AS reason, count(*)::INTEGER AS rows FROM ${quoteIdent(typed)}
                 WHERE __skipped IS NOT NULL GROUP BY ALL ORDER BY rows DESC, reason`,
            }),
          )),
        );
      }
      if (spec.name === "value_rules") await completeValueRules(store, file, typed);
      await checkCurrencyRates(store, file, spec, mapping, typedRows(typed), workspace);
      const last = checked.at(-1)!;
      last.rows = counts.kept;
      last.mappedColumns = spec.columns
        .filter((c) => mapping.columns[c.name] !== undefined)
        .map((c) => c.name);
      writes.push(last);
    }
    const importId = newId("imp");
    const tables = await store.transaction(async () => {
      const results: ImportedTable[] = [];
      for (const table of writes) {
        const write = ownValue(TABLE_OWNERS, table.spec.table);
        if (!write) throw new Error(`No room owns the table ${table.spec.table}`);
        if ("typedTable" in table) {
          const load = { from: "copy", request: table, dryRun } as const;
          results.push({
            ...(await write.load(store, { spec: table.spec, workspace, importId, extraColumns, ...load })),
            label: table.label,
          });
          continue;
        }
        streaming = table;
        const written = await write.load(
          store,
          fileLoad(store, probe, table, extraColumns, workspace, importId),
        );
        if (written.rows === 0) throw new ImportError(probe.fileName, [NO_ROWS]);
        results.push({ ...written, label: table.label });
      }
      rowsRead = Math.max(rowsRead, ...results.map((r) => r.rows));
      if (dryRun) return results;
      for (const table of new Set(writes.map((t) => t.spec.table)))
        await ownValue(TABLE_OWNERS, table)?.settle?.(store, {
          workspaceId: workspace.id,
          importId,
          updated: results.filter((r) => r.table === table).reduce((s, r) => s + r.updated, 0),
          // Only a table's first rows are streamed, and then from no other mapping of the file.
          first: writes.some((w) => w.spec.table === table && !("typedTable" in w)),
        });
      const sum = (key: "inserted" | "updated" | "unchanged") => results.reduce((s, r) => s + r[key], 0);
      await store.run(
        `INSERT INTO import_runs (import_id, workspace_id, file, format, rows_read, inserted, updated, unchanged)
         VALUES ($id, $ws, $file, $format, $rows, $inserted, $updated, $unchanged)`,
        {
          id: importId,
          ws: workspace.id,
          file: request.path,
          format: format.name,
          rows: rowsRead,
          inserted: sum("inserted"),
          updated: sum("updated"),
          unchanged: sum("unchanged"),
        },
      );
      return results;
    });
    const warnings = tables
      .filter((t) => t.repeated > 0)
      .map(
        (t) => `${t.repeated} rows of ${t.label} repeat a key seen earlier in the file; the first was kept`,
      );
    warnings.push(...(format.warnings?.(probe) ?? []));
    if (extraColumns.length) {
      warnings.push(
        `kept ${extraColumns.length} unmapped columns as raw data: ${extraColumns.slice(0, 8).join(", ")}${extraColumns.length > 8 ? ", …" : ""}`,
      );
    }
    return { file, format: format.name, rowsRead, tables, skipped, warnings, dryRun };
  } catch (error) {
    // The write is rolled back by now, so the file can be read again to explain the rows refused.
    if (error instanceof RowRefused && streaming) {
      throw await explainProblems(
        store,
        probe,
        streaming.spec,
        streaming.mapping,
        streaming.style,
        workspace.timezone,
      );
    }
    throw error;
  } finally {
    for (const table of checked) await store.run(`DROP TABLE IF EXISTS ${quoteIdent(table.typedTable)}`);
  }
}

/** Tables whose rows other files are checked against (amounts need rates; value rules have amounts too), in that order. */
const APPLIED_FIRST: string[] = ["currency_rates", "value_rules"];

async function dependencyRank(
  unit: string,
  requested: string | undefined,
  timezone: string,
): Promise<number> {
  try {
    const source = await csvSource(unit);
    try {
      const probe = { ...(await probeFile(source.path)), fileName: source.name };
      const targets = chooseFormat(probe, requested)
        .mappings(probe, { timezone })
        .map((m) => APPLIED_FIRST.indexOf(m.target))
        .filter((rank) => rank >= 0);
      return Math.min(APPLIED_FIRST.length, ...targets);
    } finally {
      await source.cleanup();
    }
  } catch {
    // A file that cannot be read or recognised is refused by its own import, with the reason.
    return APPLIED_FIRST.length;
  }
}

/**
 * The files of one command in the order their rows depend on each other (currency rates, then
 * value rules, then the rest as given), so `import costs.csv rates.csv` reads as a person meant it.
 */
export async function dependencyOrder(
  units: string[],
  requested: string | undefined,
  workspace: Workspace,
): Promise<string[]> {
  if (units.length < 2) return units;
  const ranks = new Map<string, number>();
  for (const unit of units) ranks.set(unit, await dependencyRank(unit, requested, workspace.timezone));
  // Array.prototype.sort is stable: files of the same rank keep the order they were given in.
  return units.toSorted((a, b) => (ranks.get(a) ?? 0) - (ranks.get(b) ?? 0));
}
