import { quoteIdent } from "../sql-text.js";
import { StoreUnavailableError } from "../store.js";
import type { ColumnShape, TableShape } from "./embedded-schema.js";
import { EVENT_TABLE_KEYS, eventRowKey } from "./placement.js";

/** A schema that cannot be derived or upgraded without a person deciding: said for the operator. */
export class SchemaMismatchError extends StoreUnavailableError {
  override name = "SchemaMismatchError";
}

const POSTGRES_TYPES: Record<string, string> = {
  VARCHAR: "text",
  BIGINT: "bigint",
  INTEGER: "integer",
  DOUBLE: "double precision",
  BOOLEAN: "boolean",
  DATE: "date",
  "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
  // Kept as written: an import's extra columns come back in their own order.
  JSON: "json",
};

/**
 * ClickHouse 18.16 has no DateTime64: instants are kept as milliseconds since 1970 (UTC), which
 * current versions read the same way. Booleans are 0 and 1.
 */
const CLICKHOUSE_TYPES: Record<string, string> = {
  VARCHAR: "String",
  BIGINT: "Int64",
  INTEGER: "Int32",
  DOUBLE: "Float64",
  BOOLEAN: "UInt8",
  DATE: "Date",
  "TIMESTAMP WITH TIME ZONE": "Int64",
  JSON: "String",
};

/** The defaults the embedded schema uses, which PostgreSQL reads the same way. */
const PORTABLE_DEFAULT = /^(now\(\)|-?\d+|CAST\('[tf]' AS BOOLEAN\))$/;

function mapped(types: Record<string, string>, table: string, column: ColumnShape, engine: string): string {
  const type = types[column.type];
  if (type === undefined)
    throw new SchemaMismatchError(
      `${table}.${column.name}: ${engine} has no type for DuckDB's ${column.type}`,
    );
  return type;
}

export function postgresColumnType(table: string, column: ColumnShape): string {
  return mapped(POSTGRES_TYPES, table, column, "PostgreSQL");
}

function clickhouseColumnType(table: string, column: ColumnShape): string {
  const type = mapped(CLICKHOUSE_TYPES, table, column, "ClickHouse");
  return column.nullable ? `Nullable(${type})` : type;
}

export function postgresColumnSql(table: string, column: ColumnShape): string {
  let sql = `${quoteIdent(column.name)} ${postgresColumnType(table, column)}`;
  if (!column.nullable) sql += " NOT NULL";
  if (column.defaultSql !== undefined) {
    if (!PORTABLE_DEFAULT.test(column.defaultSql))
      throw new SchemaMismatchError(
        `${table}.${column.name}: no PostgreSQL form for the default ${column.defaultSql}`,
      );
    sql += ` DEFAULT ${column.defaultSql}`;
  }
  return sql;
}

export function createPostgresTableSql(table: TableShape): string {
  const parts = table.columns.map((column) => postgresColumnSql(table.name, column));
  const keyList = (columns: string[]) => columns.map(quoteIdent).join(", ");
  if (table.primaryKey) parts.push(`PRIMARY KEY (${keyList(table.primaryKey)})`);
  for (const unique of table.unique) parts.push(`UNIQUE (${keyList(unique)})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(table.name)} (\n  ${parts.join(",\n  ")}\n)`;
}

/** The column ClickHouse's ReplacingMergeTree keeps the highest of among rows with one key. */
export const VERSION_COLUMN = "_version";
/** 1 on the row that records a key's deletion: ReplacingMergeTree only ever adds versions. */
export const DELETED_COLUMN = "_deleted";
/**
 * 1 on a row that replaces an earlier version of its key (a changed row, a deletion). Keys with one
 * such row are few, so the current rows of a table are found without comparing every key's
 * versions (current-rows.ts).
 */
export const REPLACES_COLUMN = "_replaces";

/** Every column of an event table in ClickHouse: the embedded ones, then the version and deletion mark. */
export function clickhouseColumns(table: TableShape): { name: string; type: string }[] {
  return [
    ...table.columns.map((column) => ({ name: column.name, type: clickhouseColumnType(table.name, column) })),
    { name: VERSION_COLUMN, type: "UInt64" },
    { name: DELETED_COLUMN, type: "UInt8" },
    { name: REPLACES_COLUMN, type: "UInt8" },
  ];
}

/**
 * The sorting key: the workspace, then the table's natural key. A nullable column enters as its
 * nullness and its value, since a sorting key cannot hold NULL, and an empty text is another key
 * than none (as in the embedded merge, which matches keys with IS NOT DISTINCT FROM).
 */
export function keyExpressions(table: TableShape): string[] {
  return eventRowKey(table.name).flatMap((name) => {
    const column = table.columns.find((c) => c.name === name);
    if (!column) throw new SchemaMismatchError(`${table.name}: its key column ${name} is not in the table`);
    const ident = quoteIdent(name);
    return column.nullable ? [`isNull(${ident})`, `ifNull(${ident}, '')`] : [ident];
  });
}

export interface ClickHouseTableNames {
  /** The table each shard stores its rows in. */
  local: string;
  /** The table queries and inserts name: the local one itself on a single server. */
  queried: string;
}

export function clickhouseTableNames(table: string, cluster: string | undefined): ClickHouseTableNames {
  return cluster === undefined
    ? { local: table, queried: table }
    : { local: `${table}_local`, queried: table };
}

/** The statements that create one event table on one shard, in order. */
export function createClickHouseTableSql(
  table: TableShape,
  database: string,
  cluster: string | undefined,
): string[] {
  if (!EVENT_TABLE_KEYS.has(table.name)) throw new SchemaMismatchError(`${table.name} is not an event table`);
  const names = clickhouseTableNames(table.name, cluster);
  const columns = clickhouseColumns(table).map((column) => `${quoteIdent(column.name)} ${column.type}`);
  const db = quoteIdent(database);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${db}.${quoteIdent(names.local)} (\n  ${columns.join(",\n  ")}\n) ENGINE = ReplacingMergeTree(${VERSION_COLUMN}) ORDER BY (${keyExpressions(table).join(", ")})`,
  ];
  if (cluster !== undefined) {
    // Every row of a workspace on one shard: a key's versions meet where ReplacingMergeTree merges
    // them, and a workspace's questions are answered by one shard's data.
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${db}.${quoteIdent(names.queried)} AS ${db}.${quoteIdent(names.local)} ENGINE = Distributed(${quoteIdent(cluster)}, ${db}, ${quoteIdent(names.local)}, sipHash64(workspace_id))`,
    );
  }
  return statements;
}

/** A database's columns as it lists them (table, column, type), by table and then column. */
export function columnsByTable(
  rows: readonly { table: string; name: string; type: string }[],
): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const columns = tables.get(row.table) ?? new Map<string, string>();
    columns.set(row.name, row.type);
    tables.set(row.table, columns);
  }
  return tables;
}
