import { quoteIdent } from "../sql-text.js";
import type { ClickHouseServer } from "./clickhouse.js";
import type { ClickHouseConfig } from "./cluster-config.js";
import {
  clickhouseColumns,
  clickhouseTableNames,
  columnsByTable,
  createClickHouseTableSql,
  SchemaMismatchError,
} from "./cluster-schema.js";
import type { TableShape } from "./embedded-schema.js";
import { createMaintainedTable, MAINTAINED_TABLES } from "./maintained-tables.js";
import { EVENT_TABLE_KEYS } from "./placement.js";

function eventTables(schema: TableShape[]): TableShape[] {
  return schema.filter((table) => EVENT_TABLE_KEYS.has(table.name));
}

/**
 * Creates on every shard the event tables it lacks (and, in a cluster, the `Distributed` table over
 * them), adds the columns they lack, and makes the tables ClickHouse keeps from them
 * (maintained-tables.ts). Each shard is changed on its own: `ON CLUSTER` needs ZooKeeper.
 * Statements that create are idempotent, so two servers starting together may both run this.
 * Returns what it changed, one line each.
 */
export async function migrateClickHouse(
  shards: ClickHouseServer[],
  config: ClickHouseConfig,
  schema: TableShape[],
): Promise<string[]> {
  const changes: string[] = [];
  const db = quoteIdent(config.database);
  for (const [index, shard] of shards.entries()) {
    const where = shards.length > 1 ? `ClickHouse shard ${index + 1}` : "ClickHouse";
    await shard.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
    const present = await shard.query<{ table: string; name: string; type: string }>(
      "SELECT table, name, type FROM system.columns WHERE database = $database",
      { database: config.database },
    );
    const columnsOf = columnsByTable(present);
    for (const table of eventTables(schema)) {
      const names = clickhouseTableNames(table.name, config.cluster);
      const created = new Set([names.local, names.queried].filter((name) => !columnsOf.has(name)));
      if (created.size > 0) {
        for (const statement of createClickHouseTableSql(table, config.database, config.cluster))
          await shard.command(statement);
        changes.push(`${where}: created ${[...created].join(" and ")}`);
      }
      // The Distributed table is altered after the shard's own, so that it never names a column its shard lacks.
      for (const name of new Set([names.local, names.queried])) {
        const existing = columnsOf.get(name);
        if (existing === undefined) continue;
        for (const column of clickhouseColumns(table)) {
          const type = existing.get(column.name);
          if (type === undefined) {
            await shard.command(
              `ALTER TABLE ${db}.${quoteIdent(name)} ADD COLUMN ${quoteIdent(column.name)} ${column.type}`,
            );
            changes.push(`${where}: added ${name}.${column.name}`);
          } else if (type !== column.type) {
            throw new SchemaMismatchError(
              `${where}: ${name}.${column.name} is ${type}, socialroi expects ${column.type}; change it by hand (ALTER TABLE … MODIFY COLUMN), then run migrate again`,
            );
          }
        }
      }
    }
    // After the event tables: a maintained table's view reads one, and its filling needs every column.
    for (const maintained of MAINTAINED_TABLES)
      for (const change of await createMaintainedTable(shard, config.database, config.cluster, maintained))
        changes.push(`${where}: ${change}`);
  }
  return changes;
}
