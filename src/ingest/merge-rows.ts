import type { CanonicalFormat } from "../domain/canonical.js";
import type { Workspace } from "../domain/workspace.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { LOCAL_DAY_INSTANTS, localDaySql } from "../store/local-days.js";
import { extraJson } from "./column-expressions.js";
import { quoteIdent, quoteLiteral } from "./sql-parse.js";

export interface TableResult {
  table: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows repeating a key already seen earlier in the same file (the first one is kept). */
  repeated: number;
}

/** Rows whose key is derived rather than given get a stable id, so re-imports find them again. */
const DERIVED_IDS: Record<string, { column: string; prefix: string }> = {
  costs: { column: "cost_id", prefix: "cst" },
  value_rules: { column: "rule_id", prefix: "vr" },
  goals: { column: "goal_id", prefix: "goal" },
};

export interface MergeRequest {
  spec: CanonicalFormat;
  /** Temp table from the importer: canonical columns, the unmapped ones, and `__keep` marking the rows to import. */
  typedTable: string;
  /** The file's unmapped columns, stored together in `extra`. */
  extraColumns: string[];
  /** Columns the file fills; the others are left as they are on rows already stored. */
  mappedColumns: string[];
  rows: number;
}

export async function hasRows(
  store: DuckDbStore,
  spec: CanonicalFormat,
  workspace: Workspace,
): Promise<boolean> {
  const rows = await store.all(`SELECT 1 FROM ${quoteIdent(spec.table)} WHERE workspace_id = $ws LIMIT 1`, {
    ws: workspace.id,
  });
  return rows.length > 0;
}

/**
 * The target columns of an import and their values over checked rows (canonical columns by name,
 * unmapped ones as `columnSelect` names them), with the parameters the values use.
 */
export function insertList(
  spec: CanonicalFormat,
  extraColumns: string[],
  workspace: Workspace,
  importId: string,
) {
  const names = spec.columns.map((c) => c.name);
  const derived = DERIVED_IDS[spec.name];
  const idColumn = derived ? [quoteIdent(derived.column)] : [];
  const idValue = derived
    ? [
        `${quoteLiteral(`${derived.prefix}_`)} || substr(md5(concat_ws('|', $ws, ${spec.naturalKey.map((k) => `coalesce(CAST(${quoteIdent(k)} AS VARCHAR), '')`).join(", ")})), 1, 16)`,
      ]
    : [];
  const instant = LOCAL_DAY_INSTANTS[spec.table];
  const insertColumns = [
    ...idColumn,
    "workspace_id",
    ...names.map(quoteIdent),
    "extra",
    "import_id",
    ...(instant ? ["local_day"] : []),
  ].join(", ");
  const insertValues = [
    ...idValue,
    "$ws",
    ...names.map(quoteIdent),
    extraJson(extraColumns),
    "$import",
    ...(instant ? [localDaySql(quoteIdent(instant), workspace.timezone)] : []),
  ].join(", ");
  return {
    insertColumns,
    insertValues,
    params: { ws: workspace.id, import: importId, tz: workspace.timezone },
  };
}

/**
 * Merges a checked file into its table by natural key: new keys are inserted, known keys with other
 * values are updated (only in the columns this file fills, so two daily exports of different
 * figures complete each other), identical rows are counted and left alone.
 */
export async function mergeRows(
  store: DuckDbStore,
  request: MergeRequest,
  workspace: Workspace,
  importId: string,
  dryRun: boolean,
): Promise<TableResult> {
  const { spec } = request;
  const t = quoteIdent(request.typedTable);
  const target = quoteIdent(spec.table);
  const keyList = spec.naturalKey.map(quoteIdent).join(", ");
  const [{ distinct = 0 } = {}] = await store.all<{ distinct: number }>(
    `SELECT count(DISTINCT row(${keyList})) AS distinct FROM ${t} WHERE __keep`,
  );
  const repeated = request.rows - distinct;
  const existing = await hasRows(store, spec, workspace);
  const unique =
    repeated === 0
      ? `(SELECT * FROM ${t} WHERE __keep)`
      : `(SELECT * FROM ${t} WHERE __keep QUALIFY row_number() OVER (PARTITION BY ${keyList} ORDER BY rowid) = 1)`;
  const { insertColumns, insertValues, params } = insertList(spec, request.extraColumns, workspace, importId);
  const instant = LOCAL_DAY_INSTANTS[spec.table];
  const localDayOf = (instantSql: string) => localDaySql(instantSql, workspace.timezone);

  // The common first import of a table: nothing to compare against.
  if (!existing) {
    if (!dryRun)
      await store.run(
        `INSERT INTO ${target} (${insertColumns}) SELECT ${insertValues} FROM ${unique}`,
        params,
      );
    return { table: spec.table, rows: request.rows, inserted: distinct, updated: 0, unchanged: 0, repeated };
  }

  const keyMatch = spec.naturalKey
    .map((k) => `t.${quoteIdent(k)} IS NOT DISTINCT FROM n.${quoteIdent(k)}`)
    .join(" AND ");
  const sameValues =
    request.mappedColumns
      .map((c) => `t.${quoteIdent(c)} IS NOT DISTINCT FROM n.${quoteIdent(c)}`)
      .join(" AND ") || "true";
  const fresh = quoteIdent(`${request.typedTable}_fresh`);
  await store.run(
    `CREATE OR REPLACE TEMP TABLE ${fresh} AS
     SELECT n.*, t.rowid AS __target, coalesce(${sameValues}, false) AS __same
     FROM ${unique} n LEFT JOIN (SELECT rowid, * FROM ${target} WHERE workspace_id = $ws) t ON ${keyMatch}`,
    { ws: workspace.id },
  );
  try {
    const [counts] = await store.all<{ inserted: number; unchanged: number }>(
      `SELECT count(*) FILTER (WHERE __target IS NULL) AS inserted, count(*) FILTER (WHERE __same) AS unchanged FROM ${fresh}`,
    );
    const inserted = counts?.inserted ?? 0;
    const unchanged = counts?.unchanged ?? 0;
    const result = {
      table: spec.table,
      rows: request.rows,
      inserted,
      updated: distinct - inserted - unchanged,
      unchanged,
      repeated,
    };
    if (dryRun) return result;
    if (result.updated > 0) {
      const assignments = request.mappedColumns.map((c) => `${quoteIdent(c)} = f.${quoteIdent(c)}`);
      const fileExtra = extraJson(request.extraColumns, "f");
      if (instant && request.mappedColumns.includes(instant))
        assignments.push(`local_day = ${localDayOf(`f.${quoteIdent(instant)}`)}`);
      await store.run(
        `UPDATE ${target} SET ${[...assignments, `extra = CASE WHEN ${target}.extra IS NULL THEN ${fileExtra} WHEN ${fileExtra} IS NULL THEN ${target}.extra ELSE json_merge_patch(${target}.extra, ${fileExtra}) END`, "import_id = $import"].join(", ")}
         FROM ${fresh} f WHERE ${target}.rowid = f.__target AND NOT f.__same`,
        params,
      );
    }
    if (inserted > 0) {
      await store.run(
        `INSERT INTO ${target} (${insertColumns}) SELECT ${insertValues} FROM ${fresh} WHERE __target IS NULL`,
        params,
      );
    }
    return result;
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${fresh}`);
  }
}

/**
 * Finishes a table's first import written straight from the file (see importFile): counts what was
 * written and, as mergeRows does, keeps only the first row of a key the file repeats.
 */
export async function settleStreamed(
  store: DuckDbStore,
  spec: CanonicalFormat,
  workspace: Workspace,
  importId: string,
): Promise<TableResult> {
  const target = quoteIdent(spec.table);
  const keyList = spec.naturalKey.map(quoteIdent).join(", ");
  const written = `FROM ${target} WHERE workspace_id = $ws AND import_id = $import`;
  const params = { ws: workspace.id, import: importId };
  const [{ rows = 0, distinct = 0 } = {}] = await store.all<{ rows: number; distinct: number }>(
    // Grouping on the key columns themselves is faster than counting distinct row(...) structs.
    `SELECT coalesce(sum(n), 0) AS rows, count(*) AS distinct FROM (SELECT count(*) AS n ${written} GROUP BY ${keyList})`,
    params,
  );
  if (rows > distinct) {
    // Rows are numbered in file order, so the first of a key has its lowest rowid.
    await store.run(
      `DELETE FROM ${target} WHERE rowid IN (
         SELECT rowid ${written} QUALIFY row_number() OVER (PARTITION BY ${keyList} ORDER BY rowid) > 1)`,
      params,
    );
  }
  return { table: spec.table, rows, inserted: distinct, updated: 0, unchanged: 0, repeated: rows - distinct };
}

/** A customer keeps the click that first brought them: the earliest of their conversions' clicks, once known. */
export async function rememberFirstClicks(store: DuckDbStore, workspaceId: string): Promise<void> {
  await store.run(
    `INSERT INTO customer_first_clicks (workspace_id, customer_id, first_click_id)
     SELECT $ws, customer_id, arg_min(click_id, occurred_at)
     FROM conversions c WHERE workspace_id = $ws AND customer_id IS NOT NULL AND click_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM customer_first_clicks k WHERE k.workspace_id = $ws AND k.customer_id = c.customer_id)
     GROUP BY customer_id`,
    { ws: workspaceId },
  );
}
