import { connectClickHouse } from "./clickhouse.js";
import type { ClusterConfig } from "./cluster-config.js";
import { readEmbeddedSchema } from "./embedded-schema.js";
import { migrateClickHouse } from "./migrate-clickhouse.js";
import { migratePostgres } from "./migrate-postgres.js";
import { Postgres } from "./postgres.js";

/**
 * Creates or upgrades the cluster's two schemas to the embedded one: settings tables in
 * PostgreSQL, event tables on every ClickHouse shard. Idempotent; returns what it changed.
 */
export async function migrateCluster(config: ClusterConfig): Promise<string[]> {
  const schema = await readEmbeddedSchema();
  const postgres = await Postgres.connect(config.postgresUrl);
  try {
    const shards = await connectClickHouse(config.clickhouse, "default");
    try {
      return [
        ...(await migratePostgres(postgres, schema)),
        ...(await migrateClickHouse(shards, config.clickhouse, schema)),
      ];
    } finally {
      await Promise.all(shards.map((shard) => shard.close()));
    }
  } finally {
    await postgres.close();
  }
}
