import { AsyncLocalStorage } from "node:async_hooks";
import { test } from "node:test";
import { ClusterStore } from "../../src/store/cluster/cluster-store.js";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import { migrateClickHouse } from "../../src/store/cluster/migrate-clickhouse.js";
import { migratePostgres } from "../../src/store/cluster/migrate-postgres.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { Rollups } from "../../src/store/rollups.js";
import type { FileReadingStore, Params } from "../../src/store/store.js";
import {
  CLUSTER_BACKENDS,
  type ClusterBackend,
  type ClusterFixture,
  withClusterFixture,
} from "./cluster-backends.js";

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

/** A fresh cluster store (a server's working copy) on the fixture's databases, migrated. */
async function openClusterStore(fixture: ClusterFixture): Promise<ClusterStore> {
  const config = { postgresUrl: fixture.postgresUrl, clickhouse: fixture.clickhouse };
  return ClusterStore.open(config, fixture.inProcess ? fixture.shards : undefined);
}

async function migrated(fixture: ClusterFixture): Promise<void> {
  const schema = await readEmbeddedSchema();
  await migratePostgres(fixture.postgres, schema);
  await migrateClickHouse(fixture.shards, fixture.clickhouse, schema);
}

/**
 * Two servers of one cluster as one store: everything written (and read inside a write
 * transaction) goes to the first, every other read to the second, which answers only from what
 * the first published to PostgreSQL and ClickHouse. Every store test run on it is a test that a
 * second server gives the same answers.
 */
class TwoServers implements FileReadingStore {
  readonly dialect = "duckdb" as const;
  private readonly writing = new AsyncLocalStorage<true>();

  constructor(
    private readonly writer: ClusterStore,
    private readonly reader: ClusterStore,
  ) {}

  dataVersion(): undefined {
    return undefined;
  }

  get location() {
    return this.writer.location;
  }

  get localFiles() {
    return this.writer.localFiles;
  }

  get secrets() {
    return this.writer.secrets;
  }

  /** Work tables a statement created on the first server (an import's staged file): only it has them. */
  private readonly local = new Set<string>();

  all<T>(sql: string, params?: Params, rollups?: Rollups): Promise<T[]> {
    const onWriter = this.writing.getStore() || [...this.local].some((table) => sql.includes(table));
    return (onWriter ? this.writer : this.reader).all<T>(sql, params, rollups);
  }

  run(sql: string, params?: Params): Promise<void> {
    for (const [, table] of sql.matchAll(
      /CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)/gi,
    ))
      if (table) this.local.add(table);
    return this.writer.run(sql, params);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.writer.transaction(() => this.writing.run(true, work));
  }

  onChange(table: string, listener: () => void): () => void {
    return this.reader.onChange(table, listener);
  }

  eraseDeletedWorkspace(workspaceId: string): Promise<void> {
    return this.writer.eraseDeletedWorkspace(workspaceId);
  }

  scratchFolder(): Promise<string> {
    return this.writer.scratchFolder();
  }

  progress(): number | undefined {
    return this.writer.progress();
  }

  /** The work's statements may run on either server: both are bounded. */
  withMemoryBudget<T>(extraBytes: number, work: () => Promise<T>): Promise<T> {
    return this.writer.withMemoryBudget(extraBytes, () => this.reader.withMemoryBudget(extraBytes, work));
  }

  async close(): Promise<void> {
    await Promise.all([this.writer.close(), this.reader.close()]);
  }
}

function clusterBackends(backend: ClusterBackend): Backend[] {
  const one: Backend = {
    name: backend.name,
    missing: backend.missing,
    use: (body) =>
      withClusterFixture(backend, async (fixture) => {
        await migrated(fixture);
        await withStore(await openClusterStore(fixture), body);
      }),
  };
  // The 2-shard cluster only: the others would test the same code again.
  if (backend.name !== CLUSTER_BACKENDS[0]?.name) return [one];
  const two: Backend = {
    name: `${backend.name}, two servers`,
    missing: backend.missing,
    use: (body) =>
      withClusterFixture(backend, async (fixture) => {
        await migrated(fixture);
        await withStore(
          new TwoServers(await openClusterStore(fixture), await openClusterStore(fixture)),
          body,
        );
      }),
  };
  return [one, two];
}

/**
 * Every backend behind the `Store` interface. Adding one is one entry here (its name and how to
 * open an empty store on it, e.g. a PostgreSQL + ClickHouse store on a throw-away schema read from
 * an environment variable): every test written with `forEachBackend` then runs on it unchanged.
 */
const BACKENDS: readonly Backend[] = [
  { name: "duckdb-memory", use: async (body) => withStore(await DuckDbStore.open(":memory:"), body) },
  ...CLUSTER_BACKENDS.flatMap(clusterBackends),
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
