import type { CanonicalFormat } from "../domain/canonical.js";
import type { Workspace } from "../domain/workspace.js";
import { extraColumn, extraJson } from "./extra-columns.js";
import { LOCAL_DAY_INSTANTS, localDaySql } from "./local-days.js";
import { quoteIdent, quoteLiteral } from "./sql-text.js";
import type { FileReadingStore, Params } from "./store.js";

/**
 * How checked rows of a file reach their table, the same for every table: the room owning a table
 * calls `loadRows` from its import operation (costs/import-cost-entries.ts, …), with the rules it
 * adds, so a table is written only by its room whichever door the rows came through.
 */

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

/**
 * A key column a file may be unable to tell. An account day's account comes from the export's file
 * name, which a user may rename (`daily_export.csv`): guessing one from the new name would store every
 * day a second time under an invented account. So a file without it takes the workspace's only
 * account of that network when there is exactly one, else stays empty, and an empty account on
 * either side matches any account of the same day and network (an exact match first).
 */
const OPTIONAL_KEYS: Record<string, { column: string; scope: string }> = {
  account_days: { column: "account", scope: "network" },
};

/** The JSON pointer of a key in `extra` (a pointer, unlike a path, takes any file column name). */
function extraPointer(name: string): string {
  return quoteLiteral(`/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`);
}

export interface CopiedRows {
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
  store: FileReadingStore,
  spec: CanonicalFormat,
  workspace: Workspace,
): Promise<boolean> {
  const rows = await store.all(`SELECT 1 FROM ${quoteIdent(spec.table)} WHERE workspace_id = $ws LIMIT 1`, {
    ws: workspace.id,
  });
  return rows.length > 0;
}

/**
 * How many rows `rows` (a FROM clause) holds and how many different keys (`keyList`) among them.
 * A key's hash is one number where the key is several texts, so counting distinct hashes is a few
 * times faster than grouping on the keys; as many hashes as rows proves that no key repeats, and
 * only fewer (a repeated key, or rarely two keys of one hash) needs the keys themselves counted.
 */
async function countKeys(
  store: FileReadingStore,
  rows: string,
  keyList: string,
  params: Params,
): Promise<{ rows: number; distinct: number }> {
  const [{ total = 0, hashes = 0 } = {}] = await store.all<{ total: number; hashes: number }>(
    `SELECT count(*) AS total, count(DISTINCT hash(${keyList})) AS hashes ${rows}`,
    params,
  );
  if (hashes === total) return { rows: total, distinct: total };
  const [{ distinct = 0 } = {}] = await store.all<{ distinct: number }>(
    `SELECT count(*) AS distinct FROM (SELECT 1 ${rows} GROUP BY ${keyList})`,
    params,
  );
  return { rows: total, distinct };
}

/**
 * The target columns of an import and their values over checked rows (canonical columns by name,
 * unmapped ones as `columnSelect` names them), with the parameters the values use.
 */
function insertList(spec: CanonicalFormat, extraColumns: string[], workspace: Workspace, importId: string) {
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
async function mergeRows(
  store: FileReadingStore,
  request: CopiedRows,
  workspace: Workspace,
  importId: string,
  dryRun: boolean,
): Promise<TableResult> {
  const { spec } = request;
  const t = quoteIdent(request.typedTable);
  const target = quoteIdent(spec.table);
  const keyList = spec.naturalKey.map(quoteIdent).join(", ");
  const { distinct } = await countKeys(store, `FROM ${t} WHERE __keep`, keyList, {});
  const repeated = request.rows - distinct;
  const existing = await hasRows(store, spec, workspace);
  const unique =
    repeated === 0
      ? `(SELECT rowid AS __n, * FROM ${t} WHERE __keep)`
      : `(SELECT rowid AS __n, * FROM ${t} WHERE __keep QUALIFY row_number() OVER (PARTITION BY ${keyList} ORDER BY rowid) = 1)`;
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

  const optional = OPTIONAL_KEYS[spec.name];
  if (optional) {
    const column = quoteIdent(optional.column);
    const scope = quoteIdent(optional.scope);
    await store.run(
      `UPDATE ${t} SET ${column} = k.known FROM (
         SELECT ${scope}, min(${column}) AS known FROM ${target} WHERE workspace_id = $ws AND ${column} IS NOT NULL
         GROUP BY ${scope} HAVING count(DISTINCT ${column}) = 1) k
       WHERE ${t}.${column} IS NULL AND ${t}.${scope} IS NOT DISTINCT FROM k.${scope}`,
      { ws: workspace.id },
    );
  }
  const same = (c: string) => `t.${quoteIdent(c)} IS NOT DISTINCT FROM n.${quoteIdent(c)}`;
  const keyMatch = spec.naturalKey
    .map((k) =>
      k === optional?.column
        ? `(${same(k)} OR t.${quoteIdent(k)} IS NULL OR n.${quoteIdent(k)} IS NULL)`
        : same(k),
    )
    .join(" AND ");
  // Raw columns count too: a file bringing only raw data (LinkedIn's new followers) must not be
  // taken as already present because its key columns are.
  const sameValues =
    [
      ...request.mappedColumns.map(same),
      ...request.extraColumns.map(
        (c) => `(t.extra ->> ${extraPointer(c)}) IS NOT DISTINCT FROM n.${extraColumn(c)}`,
      ),
    ].join(" AND ") || "true";
  const fresh = quoteIdent(`${request.typedTable}_fresh`);
  const exact = optional ? same(optional.column) : "true";
  const matched = `SELECT n.*, t.rowid AS __target, coalesce(${sameValues}, false) AS __same, ${exact} AS __exact
     FROM ${unique} n LEFT JOIN (SELECT rowid, * FROM ${target} WHERE workspace_id = $ws) t ON ${keyMatch}`;
  // With an optional key a file row may match several stored rows and a stored row several file
  // rows: each keeps its exact match, else its first, and a stored row goes to one file row only.
  await store.run(
    `CREATE OR REPLACE TEMP TABLE ${fresh} AS ${
      optional
        ? `SELECT * EXCLUDE (__claim) REPLACE (CASE WHEN __claim = 1 THEN __target END AS __target, __same AND __claim = 1 AS __same)
           FROM (SELECT *, row_number() OVER (PARTITION BY __target ORDER BY __exact DESC, __n) AS __claim
                 FROM (${matched} QUALIFY row_number() OVER (PARTITION BY n.__n ORDER BY ${exact} DESC, t.rowid) = 1))`
        : matched
    }`,
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
async function settleStreamed(
  store: FileReadingStore,
  spec: CanonicalFormat,
  workspace: Workspace,
  importId: string,
): Promise<TableResult> {
  const target = quoteIdent(spec.table);
  const keyList = spec.naturalKey.map(quoteIdent).join(", ");
  const written = `FROM ${target} WHERE workspace_id = $ws AND import_id = $import`;
  const params = { ws: workspace.id, import: importId };
  const { rows, distinct } = await countKeys(store, written, keyList, params);
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

/** Rows of one file for one table, checked by the importer, and where they are. */
export type TableLoad = {
  spec: CanonicalFormat;
  workspace: Workspace;
  importId: string;
  /** The file's unmapped columns, stored together in `extra`. */
  extraColumns: string[];
} & (
  | {
      /** A typed copy of the file, merged with what is stored (see `mergeRows`). */
      from: "copy";
      request: CopiedRows;
      dryRun: boolean;
    }
  | {
      /**
       * Straight from the file into an empty table (see `settleStreamed`): `read` runs the statement
       * built over the file's checked rows; `check` looks at the rows written before they settle.
       */
      from: "file";
      read: (statement: (checkedRows: string) => string, params: Params) => Promise<void>;
      check: () => Promise<void>;
    }
);

/** Writes a load into its table; what the file added, changed and left alone. */
export async function loadRows(store: FileReadingStore, load: TableLoad): Promise<TableResult> {
  const { spec, workspace, importId } = load;
  if (load.from === "copy") return mergeRows(store, load.request, workspace, importId, load.dryRun);
  const { insertColumns, insertValues, params } = insertList(spec, load.extraColumns, workspace, importId);
  await load.read(
    (checkedRows) =>
      `INSERT INTO ${quoteIdent(spec.table)} (${insertColumns}) SELECT ${insertValues} FROM (${checkedRows})`,
    params,
  );
  await load.check();
  return settleStreamed(store, spec, workspace, importId);
}

/** What a file wrote into a table, for the rules its room applies once the whole file is written. */
interface WrittenRows {
  workspaceId: string;
  /** Every row the file added or changed carries it in `import_id`. */
  importId: string;
  /** Rows already stored that the file changed: none when it only added rows. */
  updated: number;
  /** The workspace had no rows in the table before the file (its rows were written straight from it). */
  first: boolean;
}

/**
 * A table's import operation, in the room that owns the table: how loads are written (`loadRows`
 * with the room's rules around it) and what follows once every table of a file is written.
 */
export interface TableImport {
  load(store: FileReadingStore, load: TableLoad): Promise<TableResult>;
  settle?(store: FileReadingStore, written: WrittenRows): Promise<void>;
}
