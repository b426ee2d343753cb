import { createReadStream } from "node:fs";
import { finished } from "node:stream/promises";
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from "@clickhouse/client";
import type { Params, Row } from "../store.js";
import { StoreUnavailableError } from "../store.js";
import { boundClickHouseSql } from "./clickhouse-sql.js";
import type { ClickHouseConfig } from "./cluster-config.js";

/**
 * A failure ClickHouse reported, with its code. ClickHouse 18.16 words its errors as
 * `Code: 60, e.displayText() = DB::Exception: …`, which the client leaves unparsed.
 */
class ClickHouseError extends Error {
  override name = "ClickHouseError";
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

function clickhouseError(error: unknown, where: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up/.test(message))
    return new StoreUnavailableError(
      `Cannot reach ClickHouse at ${where} (SOCIALROI_CLICKHOUSE_URL): ${message}`,
    );
  const code = /Code: (\d+)/.exec(message)?.[1] ?? (error as { code?: unknown }).code;
  const text =
    /e\.displayText\(\) = (?:DB::Exception: )?(.*?)(?:, e\.what\(\) = .*)?$/s.exec(message)?.[1] ?? message;
  return new ClickHouseError(
    `ClickHouse at ${where}: ${text.trim()}`,
    code === undefined ? undefined : Number(code),
  );
}

/**
 * One ClickHouse server, with the store's `$name` values written in as literals: over HTTP, or
 * in this process through chdb's connection (the tests' current ClickHouse).
 */
export class ClickHouseServer {
  constructor(
    readonly address: string,
    private readonly client: ClickHouseClient,
  ) {}

  static overHttp(address: string, config: ClickHouseConfig, database = config.database): ClickHouseServer {
    return new ClickHouseServer(
      address,
      createClient({
        url: address,
        username: config.user,
        password: config.password,
        database,
        // Failures reach the caller as errors; the client's own log would print them a second time.
        log: { level: ClickHouseLogLevel.OFF },
        clickhouse_settings: {
          output_format_json_quote_64bit_integers: 0,
          // Values are written into the text (no parameters in 18.16): a list of a log's click ids
          // makes a statement of megabytes, beyond the default 256 KiB.
          max_query_size: "67108864",
          // With conditions moved into PREWHERE, 18.16 failed to merge the shards' streams of a
          // current-rows condition ("Cannot find column _replaces in source stream") in two of
          // three runs of the two-server test; without, in none of four.
          optimize_move_to_prewhere: 0,
        },
      }),
    );
  }

  async query<T = Row>(sql: string, params?: Params): Promise<T[]> {
    try {
      const result = await this.client.query({
        query: boundClickHouseSql(sql, params),
        format: "JSONEachRow",
      });
      return await result.json<T>();
    } catch (error) {
      throw clickhouseError(error, this.address);
    }
  }

  /** The rows as ClickHouse wrote them, one JSON object per line, for DuckDB to read as they are. */
  async jsonLines(sql: string, params?: Params): Promise<string> {
    try {
      const result = await this.client.query({
        query: boundClickHouseSql(sql, params),
        format: "JSONEachRow",
      });
      return await result.text();
    } catch (error) {
      throw clickhouseError(error, this.address);
    }
  }

  /**
   * Appends the rows of a file of JSON lines, waiting until every shard holds them: a `Distributed`
   * table otherwise sends them on later, and a server reading after this returns must see them.
   * In one thread: ClickHouse 18.16 writes the local shard's rows from a thread outside the query,
   * and a view reading another table (converted_click_links_view's sales) in several threads from
   * there fails now and then, after some rows are written ("Attempt to attach to nullptr thread
   * group", ClickHouse issue #3173; one insert in ten to twenty when the sales are in several parts).
   */
  async insertJsonLinesFile(table: string, path: string): Promise<void> {
    try {
      const result = await this.client.exec({
        query: `INSERT INTO ${table} FORMAT JSONEachRow`,
        values: createReadStream(path),
        clickhouse_settings: { insert_distributed_sync: 1, max_threads: 1 },
      });
      // The answer is empty, but it must be read for the connection to be reused.
      result.stream.resume();
      await finished(result.stream);
    } catch (error) {
      throw clickhouseError(error, this.address);
    }
  }

  async command(sql: string, params?: Params): Promise<void> {
    try {
      await this.client.command({ query: boundClickHouseSql(sql, params) });
    } catch (error) {
      throw clickhouseError(error, this.address);
    }
  }

  /** Appends rows, each an object of column values, in one request. */
  async insert(table: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.client.insert({ table, values: rows as Row[], format: "JSONEachRow" });
    } catch (error) {
      throw clickhouseError(error, this.address);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

const UNKNOWN_DATABASE = 81;

/**
 * A client for each shard, the first answering queries. `database` "default" reaches a server whose
 * socialroi database does not exist yet, as migrate must; otherwise a missing one is said clearly.
 */
export async function connectClickHouse(
  config: ClickHouseConfig,
  database = config.database,
): Promise<ClickHouseServer[]> {
  const shards = config.shards.map((address) => ClickHouseServer.overHttp(address, config, database));
  try {
    await Promise.all(shards.map((shard) => shard.query("SELECT 1 AS up")));
  } catch (error) {
    await Promise.all(shards.map((shard) => shard.close()));
    if (error instanceof ClickHouseError && error.code === UNKNOWN_DATABASE)
      throw new StoreUnavailableError(
        `${error.message}: run \`socialroi migrate\` to create socialroi's tables in ClickHouse and PostgreSQL`,
      );
    throw error;
  }
  return shards;
}
