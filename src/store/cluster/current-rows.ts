import type { Params } from "../store.js";
import type { ClickHouseServer } from "./clickhouse.js";
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
 * The condition that keeps, of an event table's rows in scope (`where`), each key's current row:
 * ReplacingMergeTree keeps a key's older versions until it happens to merge them, and reading the
 * latest of every key (`LIMIT 1 BY key`) costs a sort of the whole table. Only keys that were
 * replaced or deleted have older versions, and those are marked (`_replaces`): the rows of every
 * other key are current as they are, and only the marked keys are compared by version.
 *
 * When no key in scope was replaced, rows written after this look (replacements of rows already
 * read) are left out with `_replaces = 0`, so that a query sees the table as it was rather than a
 * key twice. The condition's `IN` subqueries read the local table, which each shard answers over
 * its own rows: a workspace's rows, and so every version of a key, are on one shard.
 */
export async function currentRowsCondition(
  clickhouse: ClickHouseServer,
  table: EventTableNames,
  where: string,
  params: Params,
): Promise<string> {
  const [found] = await clickhouse.query<{ replaced: number }>(
    `SELECT count() AS replaced FROM ${table.queried} WHERE ${where} AND ${REPLACING}`,
    params,
  );
  if (!found || Number(found.replaced) === 0) return `${REPLACES_COLUMN} = 0`;
  const key = table.key.join(", ");
  const replacedKeys = `SELECT ${key} FROM ${table.local} WHERE ${where} AND ${REPLACING}`;
  return `(${DELETED_COLUMN} = 0 AND ((${key}) NOT IN (${replacedKeys})
    OR (${key}, ${VERSION_COLUMN}) IN (SELECT ${key}, max(${VERSION_COLUMN}) FROM ${table.local}
      WHERE ${where} AND (${key}) IN (${replacedKeys}) GROUP BY ${key})))`;
}
