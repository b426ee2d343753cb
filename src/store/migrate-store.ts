import { z } from "zod";
import type { ClusterConfig } from "./cluster/cluster-config.js";
import { migrateCluster } from "./cluster/migrate-cluster.js";
import { openStore } from "./open-store.js";
import { defineQuery, runQueryForOne } from "./query.js";

export type MigrationOutcome =
  | { mode: "embedded"; database: string; version: number }
  | { mode: "cluster"; changes: string[] };

const schemaVersion = defineQuery("store/schema-version", z.object({ version: z.number() }), {
  duckdb: "SELECT CAST(max(version) AS INTEGER) AS version FROM schema_migrations",
});

/**
 * Brings the schema up to date: the cluster's two (PostgreSQL and ClickHouse) when a cluster is
 * configured, else the DuckDB file's, which opening it does.
 */
export async function migrateStore(
  location: string,
  cluster: ClusterConfig | undefined,
): Promise<MigrationOutcome> {
  if (cluster) return { mode: "cluster", changes: await migrateCluster(cluster) };
  const store = await openStore(location);
  try {
    return {
      mode: "embedded",
      database: store.location,
      version: (await runQueryForOne(store, schemaVersion)).version,
    };
  } finally {
    await store.close();
  }
}
