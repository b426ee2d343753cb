import { existsSync, renameSync, rmSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from "@duckdb/node-api";
import { z } from "zod";
import { defineQuery, runQueryForOne } from "../query.js";
import { type Rollups, withRollupCtes } from "../rollups.js";
import { SecretFile } from "../secret-file.js";
import { quoteIdent, quoteLiteral } from "../sql-text.js";
import {
  type FileReadingStore,
  type Params,
  type Row,
  type StoreEnvironment,
  StoreUnavailableError,
} from "../store.js";
import { writeProblem } from "../write-access.js";
import { migrate, REWRITE_REQUEST } from "./migrations.js";

const parameterPatterns = new Map<string, RegExp>();

interface Bound {
  values: Record<string, DuckDBValue>;
  types: Record<string, DuckDBType>;
}

/**
 * DuckDB refuses values for parameters a statement does not use; callers may pass a shared set.
 * Lists are bound with their type: an empty one has no element to infer it from.
 */
function usedParams(sql: string, params?: Params): Bound | undefined {
  if (!params) return undefined;
  const used: Bound = { values: {}, types: {} };
  for (const [name, value] of Object.entries(params)) {
    let pattern = parameterPatterns.get(name);
    if (!pattern) {
      // Compiled once per parameter name: every query of the server passes through here.
      pattern = new RegExp(`\\$${name}\\b`);
      parameterPatterns.set(name, pattern);
    }
    if (!pattern.test(sql)) continue;
    if (typeof value === "object" && value !== null) {
      used.values[name] = listValue(value);
      used.types[name] = LIST(typeof value[0] === "number" ? DOUBLE : VARCHAR);
    } else used.values[name] = value;
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

/**
 * DuckDB's failures to write the database's own files (the file, its .wal, its .tmp spill folder:
 * their paths start with the database's), said for the user; other errors, such as an unreadable
 * file to import, as they are.
 */
function storageFailure(location: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.includes(location)) return error;
  if (/No space left on device/i.test(message))
    return new StoreUnavailableError(
      `The disk that holds ${location} is full (${message}): nothing of this change was written. Free some space and try again.`,
    );
  if (/Permission denied|Read-only file system/i.test(message))
    return new StoreUnavailableError(
      writeProblem(location) ?? `Cannot write the database ${location}: ${message}`,
    );
  return error;
}

function workFolder(path: string): string {
  return `${path}.work`;
}

function lockedMessage(path: string, detail: string): string {
  const pid = /PID (\d+)/.exec(detail)?.[1];
  return (
    `The database ${path} is in use by another socialroi process${pid ? ` (PID ${pid})` : ""}. ` +
    "DuckDB lets only one process write to a file: wait for that process to end or stop it, " +
    "or pass --db with another file."
  );
}

/**
 * DuckDB settings from the environment: `SOCIALROI_MEMORY_LIMIT` (e.g. `150MB`; DuckDB's default is
 * 80% of the machine's memory) and `SOCIALROI_THREADS`. On a small machine they keep imports and
 * reports within a memory budget: DuckDB spills what does not fit to `<database>.tmp`.
 */
function configFromEnv(env: StoreEnvironment): Record<string, string> {
  const config: Record<string, string> = {};
  const memoryLimit = env["SOCIALROI_MEMORY_LIMIT"];
  const threads = env["SOCIALROI_THREADS"];
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

/**
 * The memory limit the database was opened with, in bytes: the configured size (SOCIALROI_MEMORY_LIMIT)
 * as DuckDB reads it, or DuckDB's default (80% of the machine's memory). DuckDB tells no exact figure
 * of its limit, only one it truncates for display (18.83 GiB shows as 18.8 GiB): for the default,
 * that figure, never above the limit, so that a budget below it never raises the limit.
 */
const MEMORY_LIMIT = defineQuery("store/memory-limit", z.object({ bytes: z.number() }), {
  duckdb:
    "SELECT parse_formatted_bytes(coalesce($configured, current_setting('memory_limit')))::DOUBLE AS bytes",
});

const MEMORY_USED = defineQuery("store/memory-used", z.object({ bytes: z.number() }), {
  duckdb: "SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS bytes FROM duckdb_memory()",
});

/**
 * While a memory budget holds, DuckDB's allocator hands back to the system what it freed once a
 * task is done, instead of keeping it for the next statements: kept, it was 400 MB beside the
 * JavaScript objects an attribution's paths become. The store sets them nowhere else: RESET puts
 * DuckDB's own back.
 */
const RETURNING_ALLOCATOR = {
  allocator_flush_threshold: "16MiB",
  allocator_bulk_deallocation_flush_threshold: "16MiB",
  allocator_background_threads: "true",
} as const;

/** How many statement texts keep their prepared statements: the server's queries, with room for the varying ones. */
const PREPARED_TEXTS = 128;

/**
 * Prepared statements kept per SQL text, so a query asked again skips DuckDB's parsing, binding
 * and planning (a fifth of an ROI query's time). A statement holds one caller's values until its
 * run ends: a text asked by two callers at once gets a second statement. The texts least recently
 * used go first once PREPARED_TEXTS are kept.
 */
class PreparedStatements {
  private readonly idle = new Map<string, DuckDBPreparedStatement[]>();

  constructor(private readonly connection: DuckDBConnection) {}

  async use<T>(sql: string, work: (statement: DuckDBPreparedStatement) => Promise<T>): Promise<T> {
    const kept = this.idle.get(sql);
    const statement = kept?.pop() ?? (await this.connection.prepare(sql));
    try {
      return await work(statement);
    } finally {
      this.keep(sql, statement);
    }
  }

  private keep(sql: string, statement: DuckDBPreparedStatement): void {
    const kept = this.idle.get(sql) ?? [];
    kept.push(statement);
    // Re-inserted to mark the text as the most recently used.
    this.idle.delete(sql);
    this.idle.set(sql, kept);
    if (this.idle.size <= PREPARED_TEXTS) return;
    const [oldest, statements] = this.idle.entries().next().value!;
    this.idle.delete(oldest);
    for (const old of statements) old.destroySync();
  }

  destroy(): void {
    for (const statements of this.idle.values()) for (const statement of statements) statement.destroySync();
    this.idle.clear();
  }
}

/**
 * A statement that may change data holds one of these words (a write's verb, a rollback's); a read
 * that holds one in a name or a text only costs a kept fact to be read again.
 */
const MAY_WRITE =
  /\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|COPY|IMPORT|ATTACH|DETACH|ROLLBACK|ABORT|CHECKPOINT|CALL|LOAD)\b/i;

export class DuckDbStore implements FileReadingStore {
  readonly dialect = "duckdb" as const;
  readonly localFiles: string | undefined;
  private depth = 0;
  /** Statements still running: closing under one blocks the thread for good. */
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;
  private readonly prepared: PreparedStatements;
  /** Raised by every statement that may write (or roll writes back): see dataVersion. */
  private writes = 0;
  /**
   * The memory limit it was opened with, in bytes: read once, by the first memory budget before it
   * lowers the limit, which any other waits for.
   */
  private ownMemoryLimit: Promise<number> | undefined;
  /** The memory limit of each memory budget running now, in bytes (see withMemoryBudget). */
  private readonly budgets: number[] = [];
  /** The last change of memory settings asked for: each waits for the one before, so the last one holds. */
  private memorySettings: Promise<void> = Promise.resolve();

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly secrets: SecretFile,
    /** The memory limit it was opened with (SOCIALROI_MEMORY_LIMIT), or undefined for DuckDB's default. */
    private readonly configuredMemoryLimit: string | undefined,
  ) {
    this.prepared = new PreparedStatements(connection);
    this.localFiles = location.startsWith(":memory:") ? undefined : location;
  }

  static async open(path: string, env: StoreEnvironment = process.env): Promise<DuckDbStore> {
    const config = configFromEnv(env);
    const inMemory = path.startsWith(":memory:");
    if (!inMemory) {
      const problem = writeProblem(path);
      if (problem) throw new StoreUnavailableError(problem);
      // Owner-only, whatever the user's umask: DuckDB creates the database file, and its .wal again
      // after every checkpoint, with the process's umask, so no chmod of ours could keep up.
      process.umask(0o077);
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message)) throw new StoreUnavailableError(lockedMessage(path, message));
      if (existsSync(path)) throw new StoreUnavailableError(`Cannot open the database ${path}: ${message}`);
      throw new StoreUnavailableError(`Cannot create the database ${path}: ${message}`);
    }
    // Held by this process alone now (DuckDB's lock): whatever is in it was left by a killed one.
    if (!inMemory) rmSync(workFolder(path), { recursive: true, force: true });
    const connection = await instance.connect();
    const secrets = SecretFile.open(inMemory ? undefined : `${path}.secrets`);
    const store = new DuckDbStore(path, instance, connection, secrets, config["memory_limit"]);
    // Local days are always computed with an explicit workspace time zone, never the server's.
    await store.run("SET TimeZone = 'UTC'");
    await migrate(store);
    // An in-memory database is new: it has nothing deleted to leave behind.
    if (inMemory || !(await store.rewriteRequested())) return store;
    await store.rewrite();
    return DuckDbStore.open(path, env);
  }

  progress(): number | undefined {
    const { percentage } = this.connection.progress;
    return percentage >= 0 ? Math.min(percentage / 100, 1) : undefined;
  }

  /**
   * A new folder for the files a command writes on the way (an upload, a converted copy), to remove
   * when done. It is in `<database>.work`, which opening the database empties, so that what a killed
   * process left there goes at the next start; an in-memory database's are in the system's temporary folder.
   */
  async scratchFolder(): Promise<string> {
    if (this.location.startsWith(":memory:")) return mkdtemp(join(tmpdir(), "socialroi-"));
    const parent = workFolder(this.location);
    await mkdir(parent, { recursive: true });
    return mkdtemp(join(parent, "job-"));
  }

  /**
   * DuckDB keeps a deleted row's bytes in its file (checked: they outlive a checkpoint) until the
   * file is written afresh: asked for here, done at the next open, as a migration asks for it.
   */
  async eraseDeletedWorkspace(): Promise<void> {
    if (this.location.startsWith(":memory:")) return;
    await this.run(`CREATE TABLE IF NOT EXISTS ${REWRITE_REQUEST} (requested_at TIMESTAMPTZ DEFAULT now())`);
  }

  private async rewriteRequested(): Promise<boolean> {
    const rows = await this.all(
      "SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() AND table_name = $name",
      { name: REWRITE_REQUEST },
    );
    return rows.length > 0;
  }

  /**
   * Copies the database into a new file that takes the old one's place, then closes the store: what
   * DuckDB deletes stays in its file (see secret-file.ts), a copy holds only what is live. Done
   * when a migration or a deleted workspace asks for it by creating the REWRITE_REQUEST table; if the copy fails, the
   * database is left as it was and asks again at the next start.
   */
  private async rewrite(): Promise<void> {
    const fresh = `${this.location}.rewrite`;
    const discard = () => {
      rmSync(fresh, { force: true });
      rmSync(`${fresh}.wal`, { force: true });
    };
    discard();
    try {
      const [current] = await this.all<{ name: string }>("SELECT current_database() AS name");
      await this.run(`ATTACH ${quoteLiteral(fresh)} AS socialroi_rewrite`);
      await this.run(`COPY FROM DATABASE ${quoteIdent(current!.name)} TO socialroi_rewrite`);
      await this.run(`DROP TABLE socialroi_rewrite.${REWRITE_REQUEST}`);
      await this.run("DETACH socialroi_rewrite");
    } catch (error) {
      await this.close();
      discard();
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(
        `Cannot write ${this.location} afresh, as it must be once to remove deleted data from it: ` +
          `${(error as Error).message}. The database is unchanged; the next start tries again.`,
      );
    }
    await this.close();
    renameSync(fresh, this.location);
  }

  async all<T = Row>(sql: string, params?: Params, rollups?: Rollups): Promise<T[]> {
    const statement = rollups ? withRollupCtes(sql, rollups) : sql;
    const reader = await this.tracked(() => this.read(statement, params));
    return rowsOf(reader.getColumnsObjectJS(), reader.columnNames(), reader.currentRowCount) as T[];
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.tracked(() => this.read(sql, params));
  }

  /**
   * A statement with values runs prepared (one statement); one without may be several, as a
   * migration's script is, and runs as it is.
   */
  private read(sql: string, params: Params | undefined) {
    // Raised before the statement runs: a fact read while it runs is kept under the old version,
    // which no later read matches.
    if (MAY_WRITE.test(sql)) this.writes++;
    const bound = usedParams(sql, params);
    if (!bound || Object.keys(bound.values).length === 0) return this.connection.runAndReadAll(sql);
    return this.prepared.use(sql, (statement) => {
      statement.bind(bound.values, bound.types);
      return statement.runAndReadAll();
    });
  }

  private tracked<T>(start: () => Promise<T>): Promise<T> {
    if (this.closed)
      return Promise.reject(new StoreUnavailableError(`The database ${this.location} is closed`));
    const statement = start().catch((error: unknown) => {
      throw storageFailure(this.location, error);
    });
    this.running.add(statement);
    const settle = () => this.running.delete(statement);
    statement.then(settle, settle);
    return statement;
  }

  async withMemoryBudget<T>(extraBytes: number, work: () => Promise<T>): Promise<T> {
    this.ownMemoryLimit ??= runQueryForOne(this, MEMORY_LIMIT, {
      configured: this.configuredMemoryLimit ?? null,
    }).then(({ bytes }) => bytes);
    const ownLimit = await this.ownMemoryLimit;
    const budget = (await runQueryForOne(this, MEMORY_USED)).bytes + extraBytes;
    this.budgets.push(budget);
    const release = () => {
      this.budgets.splice(this.budgets.indexOf(budget), 1);
      return this.applyMemoryBudgets(ownLimit);
    };
    let result: T;
    try {
      await this.applyMemoryBudgets(ownLimit);
      result = await work();
    } catch (error) {
      // A closed or broken database cannot take its settings back: its error must not hide the cause.
      await release().catch(() => undefined);
      throw error;
    }
    await release();
    return result;
  }

  /**
   * Sets what the budgets running now ask for: the largest one's limit (each then has its own) unless
   * the database's own is lower, and the returning allocator; the settings the database was opened
   * with once none runs. The size it was opened with is set again as it was given, which DuckDB
   * reads to the same byte.
   */
  private applyMemoryBudgets(ownLimit: number): Promise<void> {
    const apply = async () => {
      const running = this.budgets.length > 0;
      const limit = Math.ceil(Math.max(...this.budgets));
      if (running && limit < ownLimit) await this.run(`SET memory_limit = '${limit}B'`);
      else if (this.configuredMemoryLimit === undefined) await this.run("RESET memory_limit");
      else await this.run(`SET memory_limit = ${quoteLiteral(this.configuredMemoryLimit)}`);
      for (const [name, value] of Object.entries(RETURNING_ALLOCATOR))
        await this.run(running ? `SET ${name} = ${quoteLiteral(value)}` : `RESET ${name}`);
    };
    this.memorySettings = this.memorySettings.catch(() => undefined).then(apply);
    return this.memorySettings;
  }

  /** DuckDB lets one process write its file: no one else changes a table. */
  onChange(): () => void {
    return () => undefined;
  }

  /** This process alone writes the file, and each of its statements that may write raises the version. */
  dataVersion(): number {
    return this.writes;
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
      // A failed write can end the transaction itself (DuckDB aborts it, or invalidates the whole
      // database on an I/O error): the rollback then fails too, and its error must not hide the cause.
      await this.run("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** Waits for running statements (a request answered after its client left may still query), then closes. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.prepared.destroy();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
