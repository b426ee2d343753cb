/**
 * Rollups: the small reductions of event tables (clicks per link, the clicks customers made) a
 * query reads instead of the events themselves. Each is defined twice, for the embedded database
 * and for ClickHouse, and the query's own SQL — the business rules — is written once over them: in
 * the embedded mode the rollups are common table expressions of that SQL; in the cluster mode
 * ClickHouse computes them where the events are and the working copy receives only their rows.
 */
export interface Rollup {
  /** DuckDB SQL giving the rollup's rows from the embedded tables. */
  duckdb: string;
  /**
   * ClickHouse SQL (18.16's and today's) giving the same rows. `{table}` names an event table, or a
   * table ClickHouse keeps from them (cluster/maintained-tables.ts), as queried (the Distributed
   * table in a cluster), `{table.local}` the table of the shard answering
   * (inside `IN` subqueries, which each shard answers over its own rows), and `{current table}` is
   * the condition that keeps only each key's current row of that table (no replaced version, no
   * deletion). Instants come as milliseconds since 1970, as ClickHouse keeps them.
   */
  clickhouse: string;
  /** The rows' columns and their DuckDB types, in the order both variants give them. */
  columns: Readonly<Record<string, string>>;
}

export type Rollups = Readonly<Record<string, Rollup>>;

const LEADING_WITH = /^\s*WITH\s+/i;

/** The query's SQL with its rollups as its first common table expressions (the embedded form). */
export function withRollupCtes(sql: string, rollups: Rollups): string {
  const ctes = Object.entries(rollups)
    .map(([name, rollup]) => `${name} AS (${rollup.duckdb})`)
    .join(",\n");
  return LEADING_WITH.test(sql) ? `WITH ${ctes},\n${sql.replace(LEADING_WITH, "")}` : `WITH ${ctes}\n${sql}`;
}
