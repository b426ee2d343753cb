import { z } from "zod";
import type { Rollups } from "./rollups.js";
import type { Dialect, Params, Store } from "./store.js";

/**
 * A read: its SQL for each database it runs on, and the schema every row it returns must meet.
 * Queries live in the room that owns the question (one per file); `runQuery` picks the variant of
 * the store at hand, so the rooms never know which database is behind it (Umami's `runQuery`).
 */
export interface Query<Row> {
  /** Names the query in errors: `room/question`. */
  name: string;
  row: z.ZodType<Row>;
  sql: { duckdb: string } & Partial<Record<Dialect, string>>;
  /** The event reductions the SQL reads by name, computed where the events are (rollups.ts). */
  rollups?: Rollups;
}

export function defineQuery<Row>(
  name: string,
  row: z.ZodType<Row>,
  sql: { duckdb: string } & Partial<Record<Dialect, string>>,
  rollups?: Rollups,
): Query<Row> {
  return { name, row, sql, ...(rollups && { rollups }) };
}

/** A row that does not meet its query's schema: a bug in the query, never the user's doing. */
class QueryRowError extends Error {
  override name = "QueryRowError";
}

/** The query's rows, each checked against its schema. */
export async function runQuery<Row>(store: Store, query: Query<Row>, params: Params = {}): Promise<Row[]> {
  const sql = query.sql[store.dialect];
  if (sql === undefined) throw new Error(`${query.name} has no ${store.dialect} variant`);
  const rows = await store.all(sql, params, query.rollups);
  return rows.map((row, index) => {
    const checked = query.row.safeParse(row);
    if (!checked.success) {
      throw new QueryRowError(
        `${query.name}: row ${index + 1} ${checked.error.issues[0]?.message ?? "is not as declared"}`,
      );
    }
    return checked.data;
  });
}

const FOUND = z.object({ found: z.literal(1) });

/**
 * Whether a test of existence finds a row. `sql` selects `1 AS found` and ends in `LIMIT 1`, so
 * the database stops at the first row found.
 */
export async function anyRow(
  store: Store,
  name: string,
  sql: { duckdb: string } & Partial<Record<Dialect, string>>,
  params: Params = {},
): Promise<boolean> {
  return (await runQuery(store, defineQuery(name, FOUND, sql), params)).length > 0;
}

/** The one row a query returns (an aggregate), or an error naming the query. */
export async function runQueryForOne<Row>(
  store: Store,
  query: Query<Row>,
  params: Params = {},
): Promise<Row> {
  const [row] = await runQuery(store, query, params);
  if (row === undefined) throw new QueryRowError(`${query.name}: no row`);
  return row;
}
