import { test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { FileReadingStore } from "../../src/store/store.js";

/** A database the store tests run on: a fresh, empty, migrated store each time `open` is called. */
export interface Backend {
  name: string;
  open(): Promise<FileReadingStore>;
}

/**
 * Every backend behind the `Store` interface. Adding one is one entry here (its name and how to
 * open an empty store on it, e.g. a PostgreSQL + ClickHouse store on a throw-away schema read from
 * an environment variable): every test written with `forEachBackend` then runs on it unchanged.
 */
export const BACKENDS: readonly Backend[] = [
  { name: "duckdb-memory", open: () => DuckDbStore.open(":memory:") },
];

/**
 * Registers one test per backend, named `<backend>: <name>`, that opens a fresh store, runs `body`
 * with it and closes it, whether `body` passed or not.
 */
export function forEachBackend(name: string, body: (store: FileReadingStore) => Promise<void>): void {
  for (const backend of BACKENDS) {
    test(`${backend.name}: ${name}`, async () => {
      const store = await backend.open();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });
  }
}
