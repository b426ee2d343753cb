import { type StoreEnvironment, StoreUnavailableError } from "../store.js";

/** Where a cluster-mode store keeps its data: settings in PostgreSQL, events in ClickHouse. */
export interface ClusterConfig {
  postgresUrl: string;
  clickhouse: ClickHouseConfig;
}

export interface ClickHouseConfig {
  /**
   * The HTTP address of every shard. Queries go to the first, whose `Distributed` tables reach the
   * others; schema changes go to each, since `ON CLUSTER` needs ZooKeeper, which a cluster without
   * replication does not run.
   */
  shards: string[];
  database: string;
  /** The `remote_servers` name events are spread over; undefined for a single server. */
  cluster: string | undefined;
  user: string;
  password: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An address as messages show it: without the password it may carry. */
function redacted(address: string): string {
  return address.replace(/\/\/[^/@]*@/, "//…@");
}

function problem(variable: string, message: string): StoreUnavailableError {
  return new StoreUnavailableError(`${variable}: ${message}`);
}

/**
 * `SOCIALROI_CLICKHOUSE_URL`: `http://host:8123/?database=NAME[&cluster=NAME]`, with the other
 * shards' addresses after it, separated by commas, when a cluster has several
 * (`http://a:8123/?database=socialroi&cluster=events,http://b:8123/`); user and password in the
 * first address, as in `http://user:password@host:8123/…`.
 */
export function parseClickHouseUrl(value: string, variable = "SOCIALROI_CLICKHOUSE_URL"): ClickHouseConfig {
  const addresses = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const urls = addresses.map((address) => {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw problem(
        variable,
        `expected an address such as http://127.0.0.1:8123/?database=socialroi, got "${redacted(address)}"`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw problem(variable, `expected an http:// or https:// address, got "${redacted(address)}"`);
    return url;
  });
  const [first] = urls;
  if (first === undefined) throw problem(variable, "is empty");
  const database = first.searchParams.get("database") ?? "socialroi";
  const cluster = first.searchParams.get("cluster") ?? undefined;
  for (const [what, name] of [
    ["database", database],
    ["cluster", cluster],
  ] as const) {
    if (name !== undefined && !NAME.test(name))
      throw problem(variable, `expected a ${what} name of letters, digits and _, got "${name}"`);
  }
  if (urls.length > 1 && cluster === undefined)
    throw problem(variable, "several addresses are the shards of a cluster: name it with &cluster=NAME");
  return {
    shards: urls.map((url) => `${url.protocol}//${url.host}`),
    database,
    cluster,
    user: decodeURIComponent(first.username) || "default",
    password: decodeURIComponent(first.password),
  };
}

/**
 * The cluster mode's configuration from the environment, or undefined for the embedded default.
 * Both variables or neither: half a cluster would keep settings and events apart.
 */
export function clusterConfigFromEnvironment(env: StoreEnvironment = process.env): ClusterConfig | undefined {
  const postgresUrl = env.SOCIALROI_POSTGRES_URL?.trim() || undefined;
  const clickhouseUrl = env.SOCIALROI_CLICKHOUSE_URL?.trim() || undefined;
  if (postgresUrl === undefined && clickhouseUrl === undefined) return undefined;
  if (postgresUrl === undefined || clickhouseUrl === undefined) {
    const missing = postgresUrl === undefined ? "SOCIALROI_POSTGRES_URL" : "SOCIALROI_CLICKHOUSE_URL";
    throw problem(
      missing,
      "is not set: the cluster mode needs both SOCIALROI_POSTGRES_URL and SOCIALROI_CLICKHOUSE_URL",
    );
  }
  if (!/^postgres(ql)?:\/\//.test(postgresUrl))
    throw problem(
      "SOCIALROI_POSTGRES_URL",
      `expected postgres://user@host:5432/database, got "${redacted(postgresUrl)}"`,
    );
  return { postgresUrl, clickhouse: parseClickHouseUrl(clickhouseUrl) };
}
