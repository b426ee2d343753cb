import type { Params } from "../store.js";
import type { ClickHouseServer } from "./clickhouse.js";
import { clickhouseLiteral } from "./clickhouse-sql.js";
import { DELETED_COLUMN, REPLACES_COLUMN, VERSION_COLUMN } from "./cluster-schema.js";

/** An event table as ClickHouse holds it. */
export interface EventTableNames {
  /** The table queries name (the Distributed table in a cluster), with its database. */
  queried: string;
  /** The table of the shard answering, with its database: what an `IN` subquery reads on each shard. */
  local: string;
  /** The sorting key's expressions (workspace, then the natural key, nulls spelled out). */
  key: string[];
}

const REPLACING = `${REPLACES_COLUMN} = 1`;

/**
 * ClickHouse refuses a query of more than 50,000 syntax elements (`max_ast_elements`, 18.16's
 * default and today's): a listed key costs its tuple and values twice (once alone, once with its
 * version), so how many keys are written into the condition depends on the key's width; beyond,
 * they are read by subqueries. 10,000 two-column keys made a query of 70,000 elements.
 */
const LISTED_ELEMENTS_AT_MOST = 20_000;

export function listedKeysAtMost(keyWidth: number): number {
  return Math.floor(LISTED_ELEMENTS_AT_MOST / (2 * keyWidth + 3));
}

/** `(a, b) IN (…)` of tuple literals; one tuple is written twice, as `((x, y))` would read as the tuple itself. */
function tupleList(rows: readonly (readonly Params[string][])[]): string {
  const tuples = rows.map((row) => `(${row.map(clickhouseLiteral).join(", ")})`);
  return `(${(tuples.length === 1 ? [tuples[0], tuples[0]] : tuples).join(", ")})`;
}

/**
 * The condition that keeps, of an event table's rows in scope (`where`), each key's current row:
 * ReplacingMergeTree keeps a key's older versions until it happens to merge them, and reading the
 * latest of every key (`LIMIT 1 BY key`) costs a sort of the whole table. Only keys that were
 * replaced or deleted have older versions, and those are marked (`_replaces`): the rows of every
 * other key are current as they are, and only the marked keys are compared by version.
 *
 * When no key in scope was replaced, rows written after this look (replacements of rows already
 * read) are left out with `_replaces = 0`, so that a query sees the table as it was rather than a
 * key twice. Replaced keys, few as a rule, are looked up first and written into the condition as
 * values: the same condition on every shard (an `IN` subquery over each shard's own rows, which
 * 18.16 sometimes fails to merge across shards, serves only beyond listedKeysAtMost).
 */
export async function currentRowsCondition(
  clickhouse: ClickHouseServer,
  table: EventTableNames,
  where: string,
  params: Params,
): Promise<string> {
  const key = table.key.join(", ");
  const listedAtMost = listedKeysAtMost(table.key.length);
  const aliases = table.key.map((expression, i) => `${expression} AS k${i}`).join(", ");
  const replaced = await clickhouse.query<Record<string, Params[string]>>(
    `SELECT DISTINCT ${aliases} FROM ${table.queried} WHERE ${where} AND ${REPLACING} LIMIT ${listedAtMost + 1}`,
    params,
  );
  if (replaced.length === 0) return `${REPLACES_COLUMN} = 0`;
  const values = (row: Record<string, Params[string]>) => table.key.map((_, i) => row[`k${i}`] ?? null);
  if (replaced.length <= listedAtMost) {
    const keys = tupleList(replaced.map(values));
    const latest = await clickhouse.query<Record<string, Params[string]>>(
      `SELECT ${aliases}, max(${VERSION_COLUMN}) AS version FROM ${table.queried}
       WHERE ${where} AND (${key}) IN ${keys} GROUP BY ${key}`,
      params,
    );
    const versions = tupleList(latest.map((row) => [...values(row), row["version"] ?? null]));
    // Rows that replace others after this look are left out, as when no key was replaced.
    return `(${DELETED_COLUMN} = 0 AND ((${REPLACES_COLUMN} = 0 AND (${key}) NOT IN ${keys})
      OR (${key}, ${VERSION_COLUMN}) IN ${versions}))`;
  }
  const replacedKeys = `SELECT ${key} FROM ${table.local} WHERE ${where} AND ${REPLACING}`;
  return `(${DELETED_COLUMN} = 0 AND ((${key}) NOT IN (${replacedKeys})
    OR (${key}, ${VERSION_COLUMN}) IN (SELECT ${key}, max(${VERSION_COLUMN}) FROM ${table.local}
      WHERE ${where} AND (${key}) IN (${replacedKeys}) GROUP BY ${key})))`;
}
