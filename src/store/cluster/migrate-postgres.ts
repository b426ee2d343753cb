import { quoteIdent } from "../sql-text.js";
import {
  columnsByTable,
  createPostgresTableSql,
  postgresColumnSql,
  postgresColumnType,
  SchemaMismatchError,
} from "./cluster-schema.js";
import type { TableShape } from "./embedded-schema.js";
import { EVENT_TABLE_KEYS } from "./placement.js";
import type { Postgres } from "./postgres.js";
import { rowGroupIndex } from "./settings-keys.js";

/** The settings tables: every embedded table that is not an event table. */
function settingsTables(schema: TableShape[]): TableShape[] {
  return schema.filter((table) => !EVENT_TABLE_KEYS.has(table.name));
}

/**
 * The cluster's own bookkeeping: the generation of each table's rows per workspace, which servers
 * compare with their working copy's (cluster-store.ts); the version every publication of events
 * gives its rows; the secrets all servers share (shared-secrets.ts).
 */
const BOOKKEEPING: [string, string][] = [
  [
    "socialroi_generations",
    `CREATE TABLE socialroi_generations (
      table_name text NOT NULL, scope text NOT NULL, generation bigint NOT NULL, PRIMARY KEY (table_name, scope))`,
  ],
  ["socialroi_event_version", "CREATE SEQUENCE socialroi_event_version"],
  ["socialroi_secrets", "CREATE TABLE socialroi_secrets (name text PRIMARY KEY, secret text NOT NULL)"],
];

/**
 * Creates the settings tables PostgreSQL lacks and adds the columns they lack, in one transaction
 * under a lock, so that two servers starting together do not both try. Returns what it changed,
 * one line each (nothing when the schema is current). A column of another type is refused: changing
 * it may lose data, which is an operator's decision.
 */
export async function migratePostgres(postgres: Postgres, schema: TableShape[]): Promise<string[]> {
  return postgres.transaction(async (tx) => {
    await tx.all("SELECT pg_advisory_xact_lock(hashtext('socialroi migrate'))");
    const present = await tx.all<{ table: string; name: string; type: string }>(
      `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    const columnsOf = columnsByTable(present);
    const changes: string[] = [];
    const relations = new Set(
      (
        await tx.all<{ relname: string }>(
          "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace",
        )
      ).map((row) => row.relname),
    );
    for (const [name, sql] of BOOKKEEPING) {
      if (relations.has(name)) continue;
      await tx.all(sql);
      changes.push(`PostgreSQL: created ${name}`);
    }
    for (const table of settingsTables(schema)) {
      const existing = columnsOf.get(table.name);
      if (existing === undefined) {
        await tx.all(createPostgresTableSql(table));
        changes.push(`PostgreSQL: created ${table.name}`);
        continue;
      }
      for (const column of table.columns) {
        const type = existing.get(column.name);
        if (type === undefined) {
          await tx.all(
            `ALTER TABLE ${quoteIdent(table.name)} ADD COLUMN ${postgresColumnSql(table.name, column)}`,
          );
          changes.push(`PostgreSQL: added ${table.name}.${column.name}`);
        } else if (type !== postgresColumnType(table.name, column)) {
          throw new SchemaMismatchError(
            `PostgreSQL: ${table.name}.${column.name} is ${type}, socialroi expects ${postgresColumnType(table.name, column)}; change it by hand (ALTER TABLE … ALTER COLUMN … TYPE), then run migrate again`,
          );
        }
      }
    }
    // A publication replaces a few row groups (settings-keys.ts): without an index it would read the whole table.
    for (const table of settingsTables(schema)) {
      const index = rowGroupIndex(table);
      if (index === undefined || relations.has(index.name)) continue;
      await tx.all(index.sql);
      changes.push(`PostgreSQL: created index ${index.name}`);
    }
    return changes;
  });
}
