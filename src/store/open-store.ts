import { existsSync, realpathSync } from "node:fs";
import { clusterConfigFromEnvironment } from "./cluster/cluster-config.js";
import { ClusterStore } from "./cluster/cluster-store.js";
import { DuckDbStore } from "./duckdb/duckdb-store.js";
import type { FileReadingStore, StoreEnvironment } from "./store.js";

export const DEFAULT_DB_PATH = "./socialroi.duckdb";

let held: { store: FileReadingStore; file: string } | undefined;

/**
 * Has openStore hand out `store` for its file until the returned function is called: `serve` holds
 * the database, which DuckDB lets one process open, and runs other processes' commands on it.
 */
export function holdStore(store: FileReadingStore): () => void {
  held = { store, file: realpathSync(store.location) };
  return () => {
    held = undefined;
  };
}

/**
 * The held store as a command opening `location` sees it: under the name it was given, and left
 * open when the command closes it.
 */
function borrowed(store: FileReadingStore, location: string): FileReadingStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === "location") return location;
      if (property === "close") return async () => undefined;
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * Opens the store: PostgreSQL and ClickHouse when `env` names both (SOCIALROI_POSTGRES_URL,
 * SOCIALROI_CLICKHOUSE_URL), else the DuckDB file a `--db` value names (the embedded default). An
 * in-memory database is always DuckDB: it is a command's scratch engine, never shared data. `env`
 * also gives DuckDB its settings (SOCIALROI_MEMORY_LIMIT, SOCIALROI_THREADS), the cluster's
 * working copy included.
 */
export async function openStore(
  location: string = DEFAULT_DB_PATH,
  env: StoreEnvironment = process.env,
): Promise<FileReadingStore> {
  const cluster = location.startsWith(":memory:") ? undefined : clusterConfigFromEnvironment(env);
  if (cluster) return ClusterStore.open(cluster, undefined, location, env);
  if (held && existsSync(location) && realpathSync(location) === held.file)
    return borrowed(held.store, location);
  return DuckDbStore.open(location, env);
}
