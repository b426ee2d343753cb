import { existsSync } from "node:fs";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { type Params, type Row, type Store, StoreUnavailableError } from "../store.js";
import { migrate } from "./migrations.js";

const parameterPatterns = new Map<string, RegExp>();

/** DuckDB refuses values for parameters a statement does not use; callers may pass a shared set. */
function usedParams(sql: string, params?: Params): Params | undefined {
  if (!params) return undefined;
  const used: Params = {};
  for (const [name, value] of Object.entries(params)) {
    let pattern = parameterPatterns.get(name);
    if (!pattern) {
      // Compiled once per parameter name: every query of the server passes through here.
      pattern = new RegExp(`\\$${name}\\b`);
      parameterPatterns.set(name, pattern);
    }
    if (pattern.test(sql)) used[name] = value;
  }
  return used;
}

/**
 * Rows as plain objects, counts as numbers. Read column by column: the reader's row objects took
 * 0.8 s for the 100,000 rows of a per-post ROI, its columns a quarter of that.
 */
function rowsOf(columns: Record<string, unknown[]>, names: string[], count: number): Row[] {
  const values = names.map((name) => {
    const column = columns[name] ?? [];
    return column.some((v) => typeof v === "bigint")
      ? column.map((v) => (typeof v === "bigint" ? Number(v) : v))
      : column;
  });
  const rows: Row[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const row: Row = {};
    for (let j = 0; j < names.length; j++) row[names[j]!] = values[j]![i];
    rows[i] = row;
  }
  return rows;
}

function lockedMessage(path: string, detail: string): string {
  const pid = /PID (\d+)/.exec(detail)?.[1];
  return (
    `The database ${path} is in use by another socialroi process${pid ? ` (PID ${pid})` : ""}, ` +
    "probably `socialroi serve`. DuckDB lets only one process write to a file: stop that process, " +
    "use its HTTP API, or pass --db with another file."
  );
}

/**
 * DuckDB settings from the environment: `SOCIALROI_MEMORY_LIMIT` (e.g. `150MB`; DuckDB's default is
 * 80% of the machine's memory) and `SOCIALROI_THREADS`. On a small machine they keep imports and
 * reports within a memory budget: DuckDB spills what does not fit to `<database>.tmp`.
 */
function configFromEnv(): Record<string, string> {
  const config: Record<string, string> = {};
  const memoryLimit = process.env["SOCIALROI_MEMORY_LIMIT"];
  const threads = process.env["SOCIALROI_THREADS"];
  if (memoryLimit) {
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit.trim()))
      throw new StoreUnavailableError(
        `SOCIALROI_MEMORY_LIMIT must be a size such as 150MB or 2GB, not "${memoryLimit}"`,
      );
    config["memory_limit"] = memoryLimit.trim();
  }
  if (threads) {
    if (!/^[1-9]\d*$/.test(threads.trim()))
      throw new StoreUnavailableError(
        `SOCIALROI_THREADS must be a whole number of threads, not "${threads}"`,
      );
    config["threads"] = threads.trim();
  }
  return config;
}

export class DuckDbStore implements Store {
  readonly dialect = "duckdb" as const;
  private depth = 0;
  /** Statements still running: closing under one blocks the thread for good. */
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<DuckDbStore> {
    const config = configFromEnv();
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message)) throw new StoreUnavailableError(lockedMessage(path, message));
      if (existsSync(path)) throw new StoreUnavailableError(`Cannot open the database ${path}: ${message}`);
      throw new StoreUnavailableError(`Cannot create the database ${path}: ${message}`);
    }
    const connection = await instance.connect();
    const store = new DuckDbStore(path, instance, connection);
    // Local days are always computed with an explicit workspace time zone, never the server's.
    await store.run("SET TimeZone = 'UTC'");
    await migrate(store);
    return store;
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.tracked(() =>
      this.connection.runAndReadAll(sql, usedParams(sql, params) as never),
    );
    return rowsOf(reader.getColumnsObjectJS(), reader.columnNames(), reader.currentRowCount) as T[];
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.tracked(() => this.connection.run(sql, usedParams(sql, params) as never));
  }

  private tracked<T>(start: () => Promise<T>): Promise<T> {
    if (this.closed)
      return Promise.reject(new StoreUnavailableError(`The database ${this.location} is closed`));
    const statement = start();
    this.running.add(statement);
    const settle = () => this.running.delete(statement);
    statement.then(settle, settle);
    return statement;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    // Nested calls join the outer transaction: DuckDB has no savepoints.
    if (this.depth > 0) return work();
    this.depth++;
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await work();
      await this.run("COMMIT");
      return result;
    } catch (error) {
      await this.run("ROLLBACK");
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** Waits for running statements (a request answered after its client left may still query), then closes. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
