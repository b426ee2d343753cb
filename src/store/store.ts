/**
 * The storage boundary. Every query the application runs goes through a Store; SQL that differs
 * between databases lives in per-dialect variants of a query (store/query.ts), so the same store
 * tests run against every backend.
 */
import type { Rollups } from "./rollups.js";

export type Dialect = "duckdb" | "clickhouse";
/** Lists are bound whole (read them with `unnest($name)` or `list_contains($name, …)`): values never go into SQL text. */
type SqlValue = string | number | boolean | null | bigint | readonly string[] | readonly number[];
export type Params = Record<string, SqlValue>;
export type Row = Record<string, unknown>;

/** Named secrets (webhook signing secrets, the visitor-hash salts), read at once, written through. */
export interface Secrets {
  get(name: string): string | undefined;
  names(prefix: string): string[];
  /** Sets each entry to its value, or deletes it (undefined). */
  update(changes: Iterable<[string, string | undefined]>): void;
  /**
   * Keeps `value` under `name` unless a value is kept there already, and resolves with the value
   * kept: two servers making the day's salt at the same instant end up using the same one.
   */
  claim(name: string, value: string): Promise<string>;
}

export interface Store {
  readonly dialect: Dialect;
  /** Where the data lives (file path or server URL), for messages. */
  readonly location: string;
  /**
   * The path this process's own files start with (its click log is `<localFiles>.clicks.wal`): the
   * database file's, or in the cluster mode the `--db` path, one per server; undefined for an
   * in-memory database, whose files are temporary.
   */
  readonly localFiles: string | undefined;
  /** Secrets, kept out of the database (see secret-file.ts). */
  readonly secrets: Secrets;
  /** The statement's rows; `rollups` are the reductions of event tables it reads by name (rollups.ts). */
  all<T = Row>(sql: string, params?: Params, rollups?: Rollups): Promise<T[]>;
  run(sql: string, params?: Params): Promise<void>;
  /**
   * Calls `listener` when another process may have changed `table` (a cluster's other servers), so
   * that what a process keeps in memory from it can be read again; returns the unsubscribe. A
   * store only this process writes never calls it.
   */
  onChange(table: string, listener: () => void): () => void;
  /**
   * A number that changes whenever what this store's reads see may have changed, so that facts
   * drawn from them can be kept until it does; undefined when the store cannot tell (another
   * process writes too), and such facts must be read each time.
   */
  dataVersion(): number | undefined;
  /** Runs `work` atomically: everything it wrote is kept, or nothing is. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Erases for good the rows of a deleted workspace that deleting only hid: ClickHouse keeps the
   * deleted versions of event rows, and DuckDB the bytes of deleted rows in its file, until told.
   */
  eraseDeletedWorkspace(workspaceId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A store that reads files itself, as the embedded database does: imports stage a file through it
 * (its SQL reads CSV), and the demo loads its generated logs.
 */
export interface FileReadingStore extends Store {
  /** A private folder for work files beside the database; the caller removes what it made. */
  scratchFolder(): Promise<string>;
  /** How far the running statement is, from 0 to 1, or undefined while the database cannot tell. */
  progress(): number | undefined;
  /**
   * Runs `work` with the database's working memory bounded to what it holds now plus `extraBytes`
   * (never above the limit it already has), and memory freed handed back to the system at once
   * rather than kept for later statements; then puts every setting back as it was, even when
   * `work` fails. Attribution groups a file this way: a 10M-touch event log's grouping took 1 GB
   * of the database unbounded, and with 600 MB more the whole process peaks at about 920 MB
   * (bench/attribution.md), the database spilling what does not fit to disk. Statements others run
   * meanwhile share the lower limit: the database spills their work too rather than failing.
   */
  withMemoryBudget<T>(extraBytes: number, work: () => Promise<T>): Promise<T>;
}

/** The environment a store is opened in (its settings, e.g. SOCIALROI_THREADS): a command's own, or the one `serve` gives its store. */
export type StoreEnvironment = Record<string, string | undefined>;

/** Raised when the database cannot be opened, with a message meant for the user. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}
