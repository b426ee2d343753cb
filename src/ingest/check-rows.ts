import { z } from "zod";
import type { CanonicalFormat } from "../domain/canonical.js";
import type { Workspace } from "../domain/workspace.js";
import { anyRow, defineQuery, runQuery } from "../store/query.js";
import { quoteIdent, quoteLiteral } from "../store/sql-text.js";
import type { FileReadingStore } from "../store/store.js";
import { unitValueSql } from "../value/unit-value.js";
import {
  boundsExpected,
  columnSelect,
  mappingParams,
  problemConditions,
  ROUNDED_ID_EXPECTED,
} from "./column-expressions.js";
import type { TableMapping } from "./file-format.js";
import { ImportError, MAX_PROBLEMS_SHOWN } from "./import-error.js";
import type { FileProbe } from "./probe-file.js";
import { expectedText } from "./sql-parse.js";
import { stageFile } from "./stage-file.js";
import type { ValueStyle } from "./value-style.js";

/** One way a column is wrong, with the first row it is wrong on and how many rows share it. */
const PROBLEM_ROW = z.object({
  first_row: z.number(),
  col: z.string(),
  raw: z.string().nullable(),
  kind: z.string(),
  rows: z.number(),
  total: z.number(),
});

/** A currency with amounts on days before its first rate. */
const CURRENCY_WITHOUT_RATE = z.object({
  row: z.number(),
  rows: z.number(),
  currency: z.string(),
  day: z.string(),
  total: z.number(),
});

/** The date whose currency rate converts a row's amount. */
const RATE_DATE_COLUMN: Record<string, string> = {
  costs: "date",
  conversions: "occurred_at",
  value_rules: "valid_from",
  traffic: "date",
};

function fileColumn(mapping: TableMapping, column: string): string {
  const source = mapping.columns[column];
  if (typeof source === "string") return source;
  return source?.column ?? column;
}

/**
 * Explains why a file was refused: reads it again with row numbers and lists the first problems
 * (row, column, value, what was expected). Only runs once a fast check has found a bad row.
 */
export async function explainProblems(
  store: FileReadingStore,
  probe: FileProbe,
  spec: CanonicalFormat,
  mapping: TableMapping,
  style: ValueStyle,
  timezone: string,
): Promise<ImportError> {
  const staging = `stg_explain_${spec.name}`;
  await stageFile(store, probe, staging);
  try {
    const checked = `WITH checked AS (SELECT __row, ${columnSelect(spec, mapping, style, timezone, [])} FROM ${quoteIdent(staging)})`;
    const branches = problemConditions(spec, mapping).map(
      (p) =>
        `SELECT __row, ${quoteLiteral(p.column)} AS col, ${quoteIdent(`__raw__${p.column}`)} AS raw, '${p.kind}' AS kind
         FROM checked WHERE __keep AND coalesce(${p.condition}, false)`,
    );
    // A column wrong the same way on every row (a missing column, one bad code) is one problem, not one per row.
    const rows = await runQuery(
      store,
      defineQuery("ingest/problems", PROBLEM_ROW, {
        duckdb: `${checked} SELECT min(__row) AS first_row, col, raw, kind, count(*) AS rows, count(*) OVER () AS total
       FROM (${branches.join(" UNION ALL ")}) GROUP BY col, raw, kind ORDER BY first_row, col LIMIT ${MAX_PROBLEMS_SHOWN}`,
      }),
      mappingParams(mapping),
    );
    return new ImportError(
      probe.fileName,
      rows.map((r) => {
        const column = spec.columns.find((c) => c.name === r.col);
        const bounds = column && r.kind === "range" ? boundsExpected(column.type) : undefined;
        const expected =
          r.kind === "rounded"
            ? ROUNDED_ID_EXPECTED
            : (bounds ?? (column ? expectedText(column.type, style) : "a value"));
        return {
          row: r.first_row,
          alsoInRows: r.rows - 1,
          column: fileColumn(mapping, r.col),
          value: r.raw ?? "",
          expected: r.kind === "empty" ? `${expected} (this column may not be empty)` : expected,
        };
      }),
      rows[0]?.total ?? rows.length,
    );
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`);
  }
}

/**
 * Rows to check: `rows`, and `numbered`, the same rows with the file's row number of each as
 * `__file_row` (numbering can cost a sort, so it is read only to explain a problem found).
 */
export interface RowsToCheck {
  rows: string;
  numbered: string;
  params?: Record<string, string>;
}

/** The kept rows of a typed copy of the file. */
export function typedRows(typedTable: string): RowsToCheck {
  const rows = `(SELECT * FROM ${quoteIdent(typedTable)} WHERE __keep)`;
  return {
    rows,
    numbered: `(SELECT rowid + 1 AS __file_row, * FROM ${quoteIdent(typedTable)} WHERE __keep)`,
  };
}

/** Every amount in another currency needs a rate on or before its date. */
export async function checkCurrencyRates(
  store: FileReadingStore,
  file: string,
  spec: CanonicalFormat,
  mapping: TableMapping,
  toCheck: RowsToCheck,
  workspace: Workspace,
): Promise<void> {
  if (!spec.columns.some((c) => c.name === "currency") || spec.name === "currency_rates") return;
  const dateColumn = RATE_DATE_COLUMN[spec.name];
  const rateDate = dateColumn
    ? `coalesce(CAST(n.${quoteIdent(dateColumn)} AS DATE), current_date)`
    : "current_date";
  const withoutRate = `n.currency IS NOT NULL AND n.currency <> $reporting AND NOT EXISTS (
       SELECT 1 FROM currency_rates r WHERE r.workspace_id = $ws AND r.currency = n.currency AND r.date <= ${rateDate})`;
  const params = { ...toCheck.params, reporting: workspace.currency, ws: workspace.id };
  const found = await anyRow(
    store,
    "ingest/amount-without-rate",
    { duckdb: `SELECT 1 AS found FROM ${toCheck.rows} n WHERE ${withoutRate} LIMIT 1` },
    params,
  );
  if (!found) return;
  // One problem per currency: the rate missing for its earliest date is missing for every row after it.
  const withoutRates = defineQuery("ingest/currencies-without-rate", CURRENCY_WITHOUT_RATE, {
    duckdb: `SELECT min(n.__file_row) AS row, count(*) AS rows, n.currency, strftime(min(${rateDate}), '%Y-%m-%d') AS day,
       count(*) OVER () AS total
     FROM ${toCheck.numbered} n WHERE ${withoutRate} GROUP BY n.currency ORDER BY row LIMIT ${MAX_PROBLEMS_SHOWN}`,
  });
  const rows = await runQuery(store, withoutRates, params);
  if (rows.length === 0) return;
  throw new ImportError(
    file,
    rows.map((r) => ({
      row: r.row,
      alsoInRows: r.rows - 1,
      column: fileColumn(mapping, "currency"),
      value: r.currency,
      expected: `a currency with a rate to ${workspace.currency} on or before ${r.day} (import a currency_rates file: date,currency,rate_to_reporting)`,
    })),
    rows[0]?.total ?? rows.length,
  );
}

/** Value rules may give probability × price instead of a unit value. */
export async function completeValueRules(
  store: FileReadingStore,
  file: string,
  typedTable: string,
): Promise<void> {
  const t = quoteIdent(typedTable);
  await store.run(`UPDATE ${t} SET unit_value = ${unitValueSql()}`);
  const missing = await runQuery(
    store,
    defineQuery("ingest/rules-without-unit-value", z.object({ row: z.number() }), {
      duckdb: `SELECT rowid + 1 AS row FROM ${t} WHERE __keep AND unit_value IS NULL ORDER BY rowid LIMIT ${MAX_PROBLEMS_SHOWN}`,
    }),
  );
  if (missing.length === 0) return;
  throw new ImportError(
    file,
    missing.map((m) => ({
      row: m.row,
      column: "unit_value",
      value: "",
      expected: "a unit value, or both probability and price",
    })),
  );
}
