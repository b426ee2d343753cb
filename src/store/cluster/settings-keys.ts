import { quoteIdent } from "../sql-text.js";
import { SchemaMismatchError } from "./cluster-schema.js";
import type { TableShape } from "./embedded-schema.js";

/**
 * The columns a settings table without a primary key is published by (cluster-store.ts): when any
 * row with given values of them is new, changed or gone, PostgreSQL's rows with those values are
 * replaced by the working copy's. They need not be unique (a cost imported twice under one id is
 * replaced as a group), only few rows to a group and exactly comparable in both engines. Tables
 * that have a primary key are published by it.
 */
const ROW_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  ["costs", ["workspace_id", "cost_id"]],
  ["value_rules", ["workspace_id", "rule_id"]],
  ["goals", ["workspace_id", "goal_id"]],
  ["keyword_cpcs", ["workspace_id", "keyword"]],
  ["currency_rates", ["workspace_id", "date", "currency"]],
  ["customer_first_clicks", ["workspace_id", "customer_id"]],
  ["held_refunds", ["workspace_id", "conversion_id"]],
]);

/**
 * The columns a settings table's rows are published by: its primary key (`unique`), or its row
 * group. They hold no NULL, so that PostgreSQL finds a key's rows through an index, by equality.
 */
export function settingsRowKey(table: TableShape): { columns: readonly string[]; unique: boolean } {
  const columns = table.primaryKey ?? ROW_GROUPS.get(table.name);
  if (columns === undefined)
    throw new SchemaMismatchError(
      `${table.name} has no primary key: name the columns its rows are published by in ROW_GROUPS (src/store/cluster/settings-keys.ts)`,
    );
  for (const name of columns)
    if (table.columns.find((column) => column.name === name)?.nullable !== false)
      throw new SchemaMismatchError(
        `${table.name}.${name} publishes its rows, so it must exist and be NOT NULL`,
      );
  return { columns, unique: table.primaryKey !== undefined };
}

/** The index PostgreSQL finds a row group through (a primary key has its own), or undefined. */
export function rowGroupIndex(table: TableShape): { name: string; sql: string } | undefined {
  if (table.primaryKey) return undefined;
  const name = `${table.name}_row_group`;
  const columns = settingsRowKey(table).columns.map(quoteIdent).join(", ");
  return {
    name,
    sql: `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${quoteIdent(table.name)} (${columns})`,
  };
}

/**
 * What to send PostgreSQL for a scope whose rows were `before` (its before image) and are now those
 * of `table` that `where` picks: one row per key to delete (`_gone`: PostgreSQL has rows of it) or
 * row to insert (`_row`), or both (a changed row). A key of one row changed when its row did. A row
 * group changed when one of its rows differs from one of its rows before or its number of rows did
 * (copies of one row, one fewer): then all its rows are replaced, and a group of different rows is
 * sent again whenever its scope is published.
 */
export function publishedRowsSql(table: TableShape, before: string, where: string): string {
  const { columns, unique } = settingsRowKey(table);
  const key = columns.map(quoteIdent);
  const name = quoteIdent(table.name);
  const current = `(SELECT * FROM ${name} WHERE ${where})`;
  const pairs = `${current} a FULL JOIN ${before} b ON ${sameKey(key, "a", "b")}`;
  const gone = `b.${key[0]} IS NOT NULL AS _gone`;
  if (unique) {
    const row = table.columns.map(({ name: column }) => {
      const ident = quoteIdent(column);
      return columns.includes(column) ? `coalesce(a.${ident}, b.${ident}) AS ${ident}` : `a.${ident}`;
    });
    return `SELECT ${gone}, a.${key[0]} IS NOT NULL AS _row, ${row.join(", ")} FROM ${pairs} WHERE a IS DISTINCT FROM b`;
  }
  const keyOf = (side: string) => key.map((column) => `${side}.${column}`).join(", ");
  const counts = (rows: string) => `(SELECT ${key.join(", ")}, count(*) AS n FROM ${rows} GROUP BY ALL)`;
  return `WITH changed AS MATERIALIZED (
      SELECT DISTINCT ${key.join(", ")}, _gone FROM (
        SELECT ${key.map((column) => `coalesce(a.${column}, b.${column}) AS ${column}`).join(", ")}, ${gone}
        FROM ${pairs} WHERE a IS DISTINCT FROM b
        UNION ALL
        SELECT ${keyOf("a")}, true FROM ${counts(current)} a JOIN ${counts(before)} b ON ${sameKey(key, "a", "b")} WHERE a.n <> b.n
      )
    )
    SELECT true AS _gone, false AS _row, ${key.join(", ")} FROM changed WHERE _gone
    UNION ALL BY NAME
    SELECT false AS _gone, true AS _row, * FROM ${name} t WHERE ${where} AND EXISTS (SELECT 1 FROM changed c WHERE ${sameKey(key, "t", "c")})`;
}

/** Rows `a` and `b` have one key: equal values of its (quoted) columns, which hold no NULL. */
export function sameKey(columns: readonly string[], a: string, b: string): string {
  return columns.map((column) => `${a}.${column} = ${b}.${column}`).join(" AND ");
}
