import { DuckDbStore } from "./duckdb/duckdb-store.js";
import type { Store } from "./store.js";

export const DEFAULT_DB_PATH = "./socialroi.duckdb";

/** Opens the store a `--db` value names: a DuckDB file path (the embedded default). */
export async function openStore(location: string = DEFAULT_DB_PATH): Promise<Store> {
  return DuckDbStore.open(location);
}
