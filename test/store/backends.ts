import { test } from "node:test";
import { ClusterStore } from "../../src/store/cluster/cluster-store.js";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import { migrateClickHouse } from "../../src/store/cluster/migrate-clickhouse.js";
import { migratePostgres } from "../../src/store/cluster/migrate-postgres.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { FileReadingStore } from "../../src/store/store.js";
import { CLUSTER_BACKENDS, withClusterFixture } from "./cluster-backends.js";

/** A database the store tests run on: `use` runs the body with a fresh, empty, migrated store. */
interface Backend {
  name: string;
  /** Why it cannot run here (a server that is not configured), or undefined. */
  missing?: string | undefined;
  use(body: (store: FileReadingStore) => Promise<void>): Promise<void>;
}

async function withStore(
  store: FileReadingStore,
  body: (store: FileReadingStore) => Promise<void>,
): Promise<void> {
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/**
 * Every backend behind the `Store` interface. Adding one is one entry here (its name and how to
 * open an empty store on it, e.g. a PostgreSQL + ClickHouse store on a throw-away schema read from
 * an environment variable): every test written with `forEachBackend` then runs on it unchanged.
 */
const BACKENDS: readonly Backend[] = [
  { name: "duckdb-memory", use: async (body) => withStore(await DuckDbStore.open(":memory:"), body) },
  ...CLUSTER_BACKENDS.map(
    (backend): Backend => ({
      name: backend.name,
      missing: backend.missing,
      use: (body) =>
        withClusterFixture(backend, async (fixture) => {
          const schema = await readEmbeddedSchema();
          await migratePostgres(fixture.postgres, schema);
          await migrateClickHouse(fixture.shards, fixture.clickhouse, schema);
          const config = { postgresUrl: fixture.postgresUrl, clickhouse: fixture.clickhouse };
          await withStore(
            await ClusterStore.open(config, fixture.inProcess ? fixture.shards : undefined),
            body,
          );
        }),
    }),
  ),
];

/**
 * Registers one test per backend, named `<backend>: <name>`, that opens a fresh store, runs `body`
 * with it and closes it, whether `body` passed or not.
 */
export function forEachBackend(name: string, body: (store: FileReadingStore) => Promise<void>): void {
  for (const backend of BACKENDS) {
    const title = `${backend.name}: ${name}`;
    if (backend.missing !== undefined) test(title, { skip: backend.missing }, () => undefined);
    else test(title, () => backend.use(body));
  }
}
