/**
 * The cluster mode's services for a benchmark: PostgreSQL and a two-shard ClickHouse, the ones named
 * in the environment (SOCIALROI_TEST_POSTGRES_URL, SOCIALROI_TEST_CLICKHOUSE_URL) or the test services
 * started by scripts/test-services.sh, with a database of the benchmark's own on both, dropped after.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connectClickHouse } from "../src/store/cluster/clickhouse.js";
import { type ClusterConfig, parseClickHouseUrl } from "../src/store/cluster/cluster-config.js";
import { migrateCluster } from "../src/store/cluster/migrate-cluster.js";
import { Postgres } from "../src/store/cluster/postgres.js";
import { quoteIdent } from "../src/store/sql-text.js";

const SCRIPT = fileURLToPath(new URL("../scripts/test-services.sh", import.meta.url));

export interface BenchCluster {
  config: ClusterConfig;
  /** SOCIALROI_POSTGRES_URL and SOCIALROI_CLICKHOUSE_URL naming the benchmark's database, for `socialroi` processes. */
  env: NodeJS.ProcessEnv;
  /** Drops the database on PostgreSQL and every shard, and stops the services this started. */
  drop(): Promise<void>;
}

function services(): { postgres: string; clickhouse: string; stop?: () => void } {
  const postgres = process.env["SOCIALROI_TEST_POSTGRES_URL"];
  const clickhouse = process.env["SOCIALROI_TEST_CLICKHOUSE_URL"];
  if (postgres && clickhouse) return { postgres, clickhouse };
  const started = spawnSync("bash", [SCRIPT, "start"], { encoding: "utf8" });
  process.stderr.write(started.stderr);
  const value = (name: string) => new RegExp(`${name}='([^']*)'`).exec(started.stdout)?.[1];
  const pg = value("SOCIALROI_TEST_POSTGRES_URL");
  const ch = value("SOCIALROI_TEST_CLICKHOUSE_URL");
  if (!pg || !ch)
    throw new Error(
      `scripts/test-services.sh start printed no service addresses:\n${started.stdout}${started.stderr}`,
    );
  // Services someone else started (a test run beside the benchmark) stay up for them.
  const ours = !/already runs/.test(started.stderr);
  return {
    postgres: pg,
    clickhouse: ch,
    stop: ours ? () => execFileSync("bash", [SCRIPT, "stop"]) : undefined,
  };
}

/** A fresh, migrated database named `database` on the services, for one benchmark run. */
export async function benchCluster(database: string): Promise<BenchCluster> {
  const running = services();
  const admin = await Postgres.connect(running.postgres);
  const parsed = parseClickHouseUrl(running.clickhouse);
  const drop = async () => {
    for (const shard of await connectClickHouse(parsed, "default").catch(() => [])) {
      await shard.command(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`).catch(() => undefined);
      await shard.close();
    }
    await admin.all(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
    running.stop?.();
  };
  try {
    if (parsed.shards.length < 2 || !parsed.cluster)
      throw new Error("the ClickHouse URL must name a cluster of two shards");
    await admin.all(`CREATE DATABASE ${quoteIdent(database)}`);
    const pgUrl = new URL(running.postgres);
    pgUrl.pathname = `/${database}`;
    const [first, ...others] = parsed.shards;
    const clickhouseUrl = [
      `${first}/?database=${database}&cluster=${parsed.cluster}`,
      ...others.map((s) => `${s}/`),
    ].join(",");
    const config = { postgresUrl: pgUrl.toString(), clickhouse: { ...parsed, database } };
    await migrateCluster(config);
    return {
      config,
      env: { SOCIALROI_POSTGRES_URL: pgUrl.toString(), SOCIALROI_CLICKHOUSE_URL: clickhouseUrl },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
