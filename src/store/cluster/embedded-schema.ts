import { z } from "zod";
import { DuckDbStore } from "../duckdb/duckdb-store.js";
import { defineQuery, runQuery } from "../query.js";
import { EMBEDDED_ONLY_TABLES } from "./placement.js";

export interface ColumnShape {
  name: string;
  /** DuckDB's name of its type: VARCHAR, BIGINT, DOUBLE, BOOLEAN, INTEGER, DATE, TIMESTAMP WITH TIME ZONE, JSON. */
  type: string;
  nullable: boolean;
  /** DuckDB's text of the column's default, e.g. `now()` or `false`. */
  defaultSql: string | undefined;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[] | undefined;
  unique: string[][];
}

const COLUMN = z.object({
  table_name: z.string(),
  column_name: z.string(),
  data_type: z.string(),
  is_nullable: z.enum(["YES", "NO"]),
  column_default: z.string().nullable(),
});

const embeddedColumns = defineQuery("store/embedded-columns", COLUMN, {
  duckdb: `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
  FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
  WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE'
  ORDER BY c.table_name, c.ordinal_position`,
});

const CONSTRAINT = z.object({
  table_name: z.string(),
  constraint_type: z.enum(["PRIMARY KEY", "UNIQUE"]),
  constraint_column_names: z.array(z.string()),
});

const embeddedKeys = defineQuery("store/embedded-keys", CONSTRAINT, {
  duckdb: `SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()
  WHERE schema_name = 'main' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY table_name, constraint_index`,
});

/**
 * The tables of the embedded database after every migration, read from `store` (an empty, migrated
 * DuckDB) or from one opened for the purpose. The cluster's schemas are derived from it, so that the
 * embedded migrations stay the one definition of what a table holds: a column added there reaches
 * PostgreSQL and ClickHouse at the next `migrate`.
 */
export async function readEmbeddedSchema(store?: DuckDbStore): Promise<TableShape[]> {
  if (!store) {
    const opened = await DuckDbStore.open(":memory:");
    try {
      return await readEmbeddedSchema(opened);
    } finally {
      await opened.close();
    }
  }
  const tables = new Map<string, TableShape>();
  for (const column of await runQuery(store, embeddedColumns)) {
    if (EMBEDDED_ONLY_TABLES.has(column.table_name)) continue;
    let table = tables.get(column.table_name);
    if (!table) {
      table = { name: column.table_name, columns: [], primaryKey: undefined, unique: [] };
      tables.set(column.table_name, table);
    }
    table.columns.push({
      name: column.column_name,
      type: column.data_type,
      nullable: column.is_nullable === "YES",
      defaultSql: column.column_default ?? undefined,
    });
  }
  for (const key of await runQuery(store, embeddedKeys)) {
    const table = tables.get(key.table_name);
    if (!table) continue;
    if (key.constraint_type === "PRIMARY KEY") table.primaryKey = key.constraint_column_names;
    else table.unique.push(key.constraint_column_names);
  }
  return [...tables.values()];
}
