import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type ClickHouseClient, createClient } from "@clickhouse/client";
import { ClickHouseServer } from "../../src/store/cluster/clickhouse.js";
import { type ClickHouseConfig, parseClickHouseUrl } from "../../src/store/cluster/cluster-config.js";
import { Postgres } from "../../src/store/cluster/postgres.js";
import { quoteIdent } from "../../src/store/sql-text.js";

/**
 * A PostgreSQL database and a ClickHouse database of their own for one test, removed after it.
 * The servers come from `scripts/test-services.sh start` (which `.ci/run` runs): its variables name
 * them. Without them the cluster tests are reported as skipped, with the reason.
 */
export interface ClusterFixture {
  postgresUrl: string;
  /** SOCIALROI_CLICKHOUSE_URL for this test's database. */
  clickhouseUrl: string;
  postgres: Postgres;
  clickhouse: ClickHouseConfig;
  shards: ClickHouseServer[];
  /** ClickHouse runs in this process (chDB): a store must be given `shards`, as no address reaches it. */
  inProcess: boolean;
}

export interface ClusterBackend {
  name: string;
  /** Why the backend cannot run here, or undefined when it can. */
  missing: string | undefined;
  shards(config: ClickHouseConfig): Promise<ClickHouseServer[]>;
  clickhouseUrl: string;
}

const env = process.env;
const SERVICES = 'start them with: eval "$(scripts/test-services.sh start)"';

let chdbClient: Promise<ClickHouseClient> | undefined;

/**
 * chDB runs current ClickHouse inside this process, one engine per process: every test of the
 * file shares it, each in a database of its own. The package (half a gigabyte) is installed by
 * scripts/test-services.sh outside the project, so that `npm ci` stays small for users.
 */
async function chdb(): Promise<ClickHouseClient> {
  chdbClient ??= (async () => {
    const module = (await import(env.SOCIALROI_TEST_CHDB_CONNECTION as string)) as {
      createChdbConnection(options: {
        path: string;
      }): NonNullable<Parameters<typeof createClient>[0]>["connection"];
    };
    const path = mkdtempSync(join(tmpdir(), "socialroi-chdb-"));
    return createClient({ connection: module.createChdbConnection({ path }) });
  })();
  return chdbClient;
}

/** Why a backend needing these variables cannot run here, or undefined when it can. */
function missing(variables: string[]): string | undefined {
  const unset = variables.filter((name) => !env[name]);
  return unset.length === 0 ? undefined : `${unset.join(" and ")} not set (${SERVICES})`;
}

/** ClickHouse servers over HTTP, the address in `variable`. */
function overHttp(name: string, variable: string): ClusterBackend {
  return {
    name,
    missing: missing(["SOCIALROI_TEST_POSTGRES_URL", variable]),
    clickhouseUrl: env[variable] ?? "",
    shards: async (config) =>
      config.shards.map((address) => ClickHouseServer.overHttp(address, config, "default")),
  };
}

const CHDB = "postgres+chdb";

export const CLUSTER_BACKENDS: readonly ClusterBackend[] = [
  overHttp("postgres+clickhouse-2-shards", "SOCIALROI_TEST_CLICKHOUSE_URL"),
  overHttp("postgres+clickhouse-single", "SOCIALROI_TEST_CLICKHOUSE_SINGLE_URL"),
  {
    name: CHDB,
    missing: missing(["SOCIALROI_TEST_POSTGRES_URL", "SOCIALROI_TEST_CHDB_CONNECTION"]),
    clickhouseUrl: "http://chdb.invalid/",
    shards: async () => [new ClickHouseServer("chdb", await chdb())],
  },
];

function uniqueName(): string {
  return `socialroi_t_${randomBytes(6).toString("hex")}`;
}

/** A copy of `url` naming another database. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `body` with a fresh PostgreSQL database and ClickHouse database, dropped afterwards whatever happens. */
export async function withClusterFixture(
  backend: ClusterBackend,
  body: (fixture: ClusterFixture) => Promise<void>,
): Promise<void> {
  const database = uniqueName();
  const baseUrl = env.SOCIALROI_TEST_POSTGRES_URL as string;
  const admin = await Postgres.connect(baseUrl);
  await admin.all(`CREATE DATABASE ${quoteIdent(database)}`);
  const postgresUrl = withDatabase(baseUrl, database);
  const postgres = await Postgres.connect(postgresUrl);
  const parsed = parseClickHouseUrl(backend.clickhouseUrl);
  const clickhouse: ClickHouseConfig = { ...parsed, database };
  const shards = await backend.shards(clickhouse);
  try {
    const [first, ...others] = clickhouse.shards;
    const query = `?database=${database}${clickhouse.cluster ? `&cluster=${clickhouse.cluster}` : ""}`;
    const clickhouseUrl = [`${first}/${query}`, ...others.map((shard) => `${shard}/`)].join(",");
    await body({
      postgresUrl,
      clickhouseUrl,
      postgres,
      clickhouse,
      shards,
      inProcess: backend.name === CHDB,
    });
  } finally {
    for (const shard of shards) await shard.command(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    if (backend.name !== CHDB) await Promise.all(shards.map((shard) => shard.close()));
    await postgres.close();
    await admin.all(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
    await admin.close();
  }
}

/**
 * Registers one test per cluster backend, named `<backend>: <name>`, given a fresh PostgreSQL
 * database and ClickHouse database; both are dropped afterwards, whether `body` passed or not.
 */
export function forEachClusterBackend(
  name: string,
  body: (fixture: ClusterFixture) => Promise<void>,
  options: { overHttpOnly?: boolean } = {},
): void {
  for (const backend of CLUSTER_BACKENDS) {
    // Another process (the command line, a second server) reaches ClickHouse over HTTP only.
    if (options.overHttpOnly && backend.name === CHDB) continue;
    const title = `${backend.name}: ${name}`;
    if (backend.missing !== undefined) test(title, { skip: backend.missing }, () => undefined);
    else test(title, () => withClusterFixture(backend, body));
  }
}
