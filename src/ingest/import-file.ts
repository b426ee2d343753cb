import { type CanonicalFormat, type ColumnSpec, canonicalFormat } from "../domain/canonical.js";
import { newId } from "../domain/ids.js";
import type { Workspace } from "../domain/workspace.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { ColumnSource, FileFormat, ImportOptions, TableMapping } from "./file-format.js";
import { FILE_FORMATS } from "./formats/index.js";
import { ImportError, type InputProblem } from "./import-error.js";
import { type FileProbe, probeFile } from "./probe-file.js";
import { blankToNull, expectedText, quoteIdent, quoteLiteral, sqlType, typedSql } from "./sql-parse.js";
import { stageFile } from "./stage-file.js";
import { detectValueStyle, type ValueStyle } from "./value-style.js";

export interface TableResult {
  table: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows repeating a key already seen earlier in the same file (the first one is kept). */
  repeated: number;
}

export interface ImportReport {
  file: string;
  format: string;
  rowsRead: number;
  tables: TableResult[];
  warnings: string[];
  dryRun: boolean;
}

export interface ImportRequest {
  path: string;
  format?: string;
  year?: number;
  dryRun?: boolean;
  onProgress?: (fraction: number) => void;
}

const MAX_PROBLEMS_SHOWN = 20;
const ISO_CURRENCIES = Intl.supportedValuesOf("currency");

/** Rows whose key is derived rather than given get a stable id, so re-imports find them again. */
const DERIVED_IDS: Record<string, { column: string; prefix: string }> = {
  costs: { column: "cost_id", prefix: "cst" },
  value_rules: { column: "rule_id", prefix: "vr" },
  goals: { column: "goal_id", prefix: "goal" },
};

/** The date whose currency rate converts a row's amount. */
const RATE_DATE_COLUMN: Record<string, string> = {
  costs: "date",
  conversions: "occurred_at",
  value_rules: "valid_from",
  traffic: "date",
};

export function chooseFormat(probe: FileProbe, requested?: string): FileFormat {
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

function sourceText(source: ColumnSource): string {
  return typeof source === "string" ? quoteIdent(source) : `(${source.sql})`;
}

function usedStagedColumns(
  format: FileFormat,
  probe: FileProbe,
  mappings: TableMapping[],
  staged: string[],
): Set<string> {
  if (format.usedColumns) return new Set(format.usedColumns(probe));
  const sources = mappings.flatMap((m) => Object.values(m.columns)).filter((s) => s !== undefined);
  const sqlText = sources.map((s) => (typeof s === "string" ? "" : s.sql)).join(" ");
  return new Set(staged.filter((name) => sources.includes(name) || sqlText.includes(quoteIdent(name))));
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

function validationSql(spec: CanonicalFormat, mapping: TableMapping, typedTable: string): string {
  const checks: string[] = [];
  for (const column of spec.columns) {
    const id = quoteIdent(column.name);
    const raw = quoteIdent(`__raw__${column.name}`);
    const hasSource = mapping.columns[column.name] !== undefined;
    const conditions: [string, string][] = [];
    if (hasSource) conditions.push([`${raw} IS NOT NULL AND ${id} IS NULL`, "type"]);
    if (column.notEmpty) conditions.push([`${raw} IS NULL AND ${id} IS NULL`, "empty"]);
    if (column.type.kind === "enum") {
      conditions.push([
        `${id} IS NOT NULL AND ${id} NOT IN (${column.type.values.map(quoteLiteral).join(", ")})`,
        "enum",
      ]);
    }
    if (column.type.kind === "currency") {
      conditions.push([
        `${id} IS NOT NULL AND ${id} NOT IN (${ISO_CURRENCIES.map(quoteLiteral).join(", ")})`,
        "type",
      ]);
    }
    if (column.type.kind === "network") {
      conditions.push([
        `${id} IS NOT NULL AND NOT regexp_full_match(${id}, '[a-z][a-z0-9_.-]{0,39}')`,
        "type",
      ]);
    }
    for (const [condition, kind] of conditions) {
      checks.push(
        `SELECT __row, ${quoteLiteral(column.name)} AS col, CAST(${hasSource ? raw : "NULL"} AS VARCHAR) AS raw, '${kind}' AS kind
         FROM ${quoteIdent(typedTable)} WHERE ${condition}`,
      );
    }
  }
  return checks.join(" UNION ALL ");
}

function problemFor(
  spec: CanonicalFormat,
  row: { __row: number; col: string; raw: string | null; kind: string },
  style: ValueStyle,
  mapping: TableMapping,
): InputProblem {
  const column = spec.columns.find((c) => c.name === row.col) as ColumnSpec;
  const source = mapping.columns[row.col];
  const fileColumn = typeof source === "string" ? source : row.col;
  const expected =
    row.kind === "empty"
      ? `${expectedText(column.type, style)} (this column may not be empty)`
      : expectedText(column.type, style);
  return { row: row.__row, column: fileColumn, value: row.raw ?? "", expected };
}

async function validate(
  store: DuckDbStore,
  file: string,
  spec: CanonicalFormat,
  mapping: TableMapping,
  typedTable: string,
  style: ValueStyle,
): Promise<void> {
  const sql = validationSql(spec, mapping, typedTable);
  if (sql === "") return;
  const rows = await store.all<{
    __row: number;
    col: string;
    raw: string | null;
    kind: string;
    total: number;
  }>(`SELECT *, count(*) OVER () AS total FROM (${sql}) ORDER BY __row, col LIMIT ${MAX_PROBLEMS_SHOWN}`);
  if (rows.length === 0) return;
  throw new ImportError(
    file,
    rows.map((r) => problemFor(spec, r, style, mapping)),
    rows[0]?.total ?? rows.length,
  );
}

async function checkCurrencyRates(
  store: DuckDbStore,
  file: string,
  spec: CanonicalFormat,
  mapping: TableMapping,
  typedTable: string,
  workspace: Workspace,
): Promise<void> {
  if (!spec.columns.some((c) => c.name === "currency") || spec.name === "currency_rates") return;
  const dateColumn = RATE_DATE_COLUMN[spec.name];
  const rateDate = dateColumn
    ? `coalesce(CAST(n.${quoteIdent(dateColumn)} AS DATE), current_date)`
    : "current_date";
  const rows = await store.all<{ __row: number; currency: string; day: string }>(
    `SELECT n.__row, n.currency, strftime(${rateDate}, '%Y-%m-%d') AS day FROM ${quoteIdent(typedTable)} n
     WHERE n.currency IS NOT NULL AND n.currency <> $reporting AND NOT EXISTS (
       SELECT 1 FROM currency_rates r WHERE r.workspace_id = $ws AND r.currency = n.currency AND r.date <= ${rateDate})
     ORDER BY n.__row LIMIT ${MAX_PROBLEMS_SHOWN}`,
    { reporting: workspace.currency, ws: workspace.id },
  );
  if (rows.length === 0) return;
  const source = mapping.columns["currency"];
  throw new ImportError(
    file,
    rows.map((r) => ({
      row: r.__row,
      column: typeof source === "string" ? source : "currency",
      value: r.currency,
      expected: `a currency with a rate to ${workspace.currency} on or before ${r.day} (import a currency_rates file: date,currency,rate_to_reporting)`,
    })),
  );
}

function typedSelect(
  spec: CanonicalFormat,
  mapping: TableMapping,
  style: ValueStyle,
  timezone: string,
  extraColumns: string[],
): string {
  const parts: string[] = ["__row"];
  for (const column of spec.columns) {
    const source = mapping.columns[column.name];
    if (source === undefined) {
      parts.push(
        `CAST(NULL AS ${sqlType(column.type)}) AS ${quoteIdent(column.name)}`,
        `CAST(NULL AS VARCHAR) AS ${quoteIdent(`__raw__${column.name}`)}`,
      );
      continue;
    }
    const text = sourceText(source);
    const typed =
      typeof source !== "string" && source.typed ? text : typedSql(column.type, text, style, timezone);
    parts.push(`${typed} AS ${quoteIdent(column.name)}`);
    parts.push(
      `${typeof source !== "string" && source.typed ? text : blankToNull(text)} AS ${quoteIdent(`__raw__${column.name}`)}`,
    );
  }
  const extra = extraColumns.length
    ? `json_object(${extraColumns.map((c) => `${quoteLiteral(c)}, ${quoteIdent(c)}`).join(", ")})`
    : "NULL";
  parts.push(`${extra} AS extra`);
  return parts.join(",\n ");
}

/** Value rules may give probability × price instead of a unit value. */
async function completeValueRules(store: DuckDbStore, file: string, typedTable: string): Promise<void> {
  const t = quoteIdent(typedTable);
  await store.run(`UPDATE ${t} SET unit_value = probability * price WHERE unit_value IS NULL`);
  const missing = await store.all<{ __row: number }>(
    `SELECT __row FROM ${t} WHERE unit_value IS NULL ORDER BY __row LIMIT 5`,
  );
  if (missing.length) {
    throw new ImportError(
      file,
      missing.map((m) => ({
        row: m.__row,
        column: "unit_value",
        value: "",
        expected: "a unit value, or both probability and price",
      })),
    );
  }
}

async function mergeTable(
  store: DuckDbStore,
  spec: CanonicalFormat,
  typedTable: string,
  workspace: Workspace,
  importId: string,
  dryRun: boolean,
  rowsInFile: number,
): Promise<TableResult> {
  const t = quoteIdent(typedTable);
  const target = quoteIdent(spec.table);
  const names = spec.columns.map((c) => c.name);
  const keyMatch = spec.naturalKey
    .map((k) => `t.${quoteIdent(k)} IS NOT DISTINCT FROM n.${quoteIdent(k)}`)
    .join(" AND ");
  const sameValues = names
    .map((c) => `t.${quoteIdent(c)} IS NOT DISTINCT FROM n.${quoteIdent(c)}`)
    .join(" AND ");
  const fresh = quoteIdent(`${typedTable}_fresh`);
  await store.run(
    `CREATE OR REPLACE TEMP TABLE ${fresh} AS
     SELECT n.*, t.rowid AS __target, coalesce(${sameValues}, false) AS __same
     FROM (SELECT * FROM ${t} QUALIFY row_number() OVER (PARTITION BY ${spec.naturalKey.map(quoteIdent).join(", ")} ORDER BY __row) = 1) n
     LEFT JOIN (SELECT rowid, * FROM ${target} WHERE workspace_id = $ws) t ON ${keyMatch}`,
    { ws: workspace.id },
  );
  const [counts] = await store.all<{ kept: number; inserted: number; unchanged: number }>(
    `SELECT count(*) AS kept, count(*) FILTER (WHERE __target IS NULL) AS inserted,
       count(*) FILTER (WHERE __same) AS unchanged FROM ${fresh}`,
  );
  const kept = counts?.kept ?? 0;
  const inserted = counts?.inserted ?? 0;
  const unchanged = counts?.unchanged ?? 0;
  const result: TableResult = {
    table: spec.table,
    rows: rowsInFile,
    inserted,
    updated: kept - inserted - unchanged,
    unchanged,
    repeated: rowsInFile - kept,
  };
  if (dryRun) return result;

  const derived = DERIVED_IDS[spec.name];
  const idColumn = derived ? [quoteIdent(derived.column)] : [];
  const idValue = derived
    ? [
        `${quoteLiteral(`${derived.prefix}_`)} || substr(md5(concat_ws('|', $ws, ${spec.naturalKey.map((k) => `coalesce(CAST(${quoteIdent(k)} AS VARCHAR), '')`).join(", ")})), 1, 16)`,
      ]
    : [];
  const columnList = [...idColumn, "workspace_id", ...names.map(quoteIdent), "extra", "import_id"].join(", ");
  const valueList = [...idValue, "$ws", ...names.map(quoteIdent), "extra", "$import"].join(", ");
  if (result.updated > 0) {
    await store.run(
      `UPDATE ${target} SET ${names.map((c) => `${quoteIdent(c)} = f.${quoteIdent(c)}`).join(", ")}, extra = f.extra, import_id = $import
       FROM ${fresh} f WHERE ${target}.rowid = f.__target AND NOT f.__same`,
      { import: importId },
    );
  }
  if (inserted > 0) {
    await store.run(
      `INSERT INTO ${target} (${columnList}) SELECT ${valueList} FROM ${fresh} WHERE __target IS NULL`,
      {
        ws: workspace.id,
        import: importId,
      },
    );
  }
  return result;
}

/** A customer keeps the click that first brought them. */
async function refreshCustomers(store: DuckDbStore, workspaceId: string): Promise<void> {
  await store.run(
    `INSERT INTO customers (workspace_id, customer_id, first_click_id, first_seen_at)
     SELECT workspace_id, customer_id, arg_min(click_id, occurred_at) FILTER (WHERE click_id IS NOT NULL), min(occurred_at)
     FROM conversions c WHERE workspace_id = $ws AND customer_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM customers k WHERE k.workspace_id = c.workspace_id AND k.customer_id = c.customer_id)
     GROUP BY ALL`,
    { ws: workspaceId },
  );
  await store.run(
    `UPDATE customers k SET first_click_id = c.click_id FROM (
       SELECT customer_id, arg_min(click_id, occurred_at) AS click_id FROM conversions
       WHERE workspace_id = $ws AND click_id IS NOT NULL GROUP BY customer_id) c
     WHERE k.workspace_id = $ws AND k.customer_id = c.customer_id AND k.first_click_id IS NULL`,
    { ws: workspaceId },
  );
}

/**
 * Imports one file, all or nothing: it is read and checked in full before anything is written,
 * and written in one transaction. Rows already present (same natural key, same values) change nothing.
 */
export async function importFile(
  store: DuckDbStore,
  workspace: Workspace,
  request: ImportRequest,
): Promise<ImportReport> {
  const probe = await probeFile(request.path);
  const file = probe.fileName;
  if (probe.size === 0 || probe.header.length === 0) {
    throw new ImportError(file, [{ expected: "a header line and at least one row (the file is empty)" }]);
  }
  const format = chooseFormat(probe, request.format);
  const options: ImportOptions = { year: request.year, timezone: workspace.timezone };
  const mappings = format.mappings(probe, options);
  const staging = `stg_${newId("imp", 8).slice(4)}`;
  const { columns: staged, rows } = await stageFile(store, probe, staging, request.onProgress);
  if (rows === 0)
    throw new ImportError(file, [
      { row: 1, expected: "at least one row after the header (the file has none)" },
    ]);

  const used = usedStagedColumns(format, probe, mappings, staged);
  const extraColumns = staged.filter((c) => !used.has(c));
  const warnings: string[] = [];
  const importId = newId("imp");
  const prepared: { spec: CanonicalFormat; typed: string; rows: number }[] = [];
  const temporaries = [staging];
  try {
    for (const [index, mapping] of mappings.entries()) {
      const spec = canonicalFormat(mapping.target);
      if (!spec) throw new Error(`Unknown target table ${mapping.target}`);
      if (format.name === spec.name) checkRequiredHeader(probe, spec, mapping);
      const numeric = spec.columns
        .filter((c) => c.type.kind === "integer" || c.type.kind === "decimal")
        .map((c) => mapping.columns[c.name]);
      const dated = spec.columns
        .filter((c) => c.type.kind === "date" || c.type.kind === "timestamp")
        .map((c) => mapping.columns[c.name]);
      const indexOf = (sources: (ColumnSource | undefined)[]) =>
        sources
          .filter((s) => typeof s === "string")
          .map((s) => staged.indexOf(s as string))
          .filter((i) => i >= 0);
      const style = detectValueStyle(probe.sampleRows, indexOf(numeric), indexOf(dated), probe.delimiter);
      const typed = `${staging}_${index}`;
      temporaries.push(typed, `${typed}_fresh`);
      await store.run(
        `CREATE OR REPLACE TEMP TABLE ${quoteIdent(typed)} AS SELECT ${typedSelect(spec, mapping, style, workspace.timezone, extraColumns)}
         FROM ${quoteIdent(staging)} ${mapping.where ? `WHERE ${mapping.where}` : ""}`,
      );
      await validate(store, file, spec, mapping, typed, style);
      if (spec.name === "value_rules") await completeValueRules(store, file, typed);
      await checkCurrencyRates(store, file, spec, mapping, typed, workspace);
      const [count] = await store.all<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(typed)}`);
      prepared.push({ spec, typed, rows: count?.n ?? 0 });
    }
    const tables = await store.transaction(async () => {
      const results: TableResult[] = [];
      for (const { spec, typed, rows: tableRows } of prepared) {
        results.push(
          await mergeTable(store, spec, typed, workspace, importId, request.dryRun ?? false, tableRows),
        );
      }
      if (!request.dryRun) {
        if (prepared.some((p) => p.spec.name === "conversions")) await refreshCustomers(store, workspace.id);
        const sum = (key: "inserted" | "updated" | "unchanged") => results.reduce((s, r) => s + r[key], 0);
        await store.run(
          `INSERT INTO import_runs (import_id, workspace_id, file, format, rows_read, inserted, updated, unchanged)
           VALUES ($id, $ws, $file, $format, $rows, $inserted, $updated, $unchanged)`,
          {
            id: importId,
            ws: workspace.id,
            file: request.path,
            format: format.name,
            rows,
            inserted: sum("inserted"),
            updated: sum("updated"),
            unchanged: sum("unchanged"),
          },
        );
      }
      return results;
    });
    for (const table of tables) {
      if (table.repeated > 0)
        warnings.push(
          `${table.repeated} rows of ${table.table} repeat a key seen earlier in the file; the first was kept`,
        );
    }
    if (extraColumns.length)
      warnings.push(
        `kept ${extraColumns.length} unmapped columns as raw data: ${extraColumns.slice(0, 8).join(", ")}${extraColumns.length > 8 ? ", …" : ""}`,
      );
    return { file, format: format.name, rowsRead: rows, tables, warnings, dryRun: request.dryRun ?? false };
  } finally {
    for (const name of [
      staging,
      ...prepared.map((p) => p.typed),
      ...prepared.map((p) => `${p.typed}_fresh`),
    ]) {
      await store.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
    }
  }
}
