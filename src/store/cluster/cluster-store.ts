import { AsyncLocalStorage } from "node:async_hooks";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { countConversionDaysSql, refreshConversionDays } from "../conversion-days.js";
import { DuckDbStore } from "../duckdb/duckdb-store.js";
import { defineQuery, runQuery } from "../query.js";
import { type Rollup, type Rollups, withRollupCtes } from "../rollups.js";
import { quoteIdent, quoteLiteral } from "../sql-text.js";
import {
  type FileReadingStore,
  type Params,
  type Row,
  type StoreEnvironment,
  StoreUnavailableError,
} from "../store.js";
import { CHANGES_CHANNEL, ChangeFeed } from "./change-feed.js";
import { type ClickHouseServer, connectClickHouse } from "./clickhouse.js";
import type { ClusterConfig } from "./cluster-config.js";
import {
  type ClickHouseTableNames,
  clickhouseTableNames,
  DELETED_COLUMN,
  keyExpressions,
  REPLACES_COLUMN,
  VERSION_COLUMN,
} from "./cluster-schema.js";
import { currentRowsCondition, type EventTableNames } from "./current-rows.js";
import { readEmbeddedSchema, type TableShape } from "./embedded-schema.js";
import { addLookedUpRows, MAINTAINED_TABLES, maintainedSources } from "./maintained-tables.js";
import { EVENT_TABLE_KEYS, eventRowKey } from "./placement.js";
import { Postgres, type PostgresTransaction } from "./postgres.js";
import { publishedRowsSql, sameKey, settingsRowKey } from "./settings-keys.js";
import { SharedSecrets } from "./shared-secrets.js";
import { type StatementTables, statementTables } from "./statement-tables.js";

/** `scope` of a whole table: the rows of every workspace (and tables without a workspace column). */
const ALL = "";

/** Tables the working copy computes itself from another it loads, as the embedded store does. */
const DERIVED: ReadonlyMap<
  string,
  { from: string; refresh(store: DuckDbStore, scope: string): Promise<void> }
> = new Map([
  [
    "conversion_days",
    {
      from: "conversions",
      refresh: async (store: DuckDbStore, scope: string) => {
        if (scope !== ALL) return refreshConversionDays(store, scope);
        await store.run("DELETE FROM conversion_days");
        await store.run(countConversionDaysSql("true"));
      },
    },
  ],
]);

/** The rows of a scope: one workspace's, or all. */
function scopeFilter(scope: string): { where: string; params: Params } {
  return scope === ALL
    ? { where: "1 = 1", params: {} }
    : { where: "workspace_id = $ws", params: { ws: scope } };
}

const embeddedViews = defineQuery("store/embedded-views", z.object({ name: z.string(), sql: z.string() }), {
  duckdb: "SELECT view_name AS name, sql FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'",
});

/**
 * The generations of the scopes asked for: a workspace's own and its table's (raised by changes to
 * rows of no one workspace), and for a whole table the sum over all its scopes, which every change
 * raises.
 */
async function generationsOf(
  postgres: PostgresTransaction,
  scopes: [table: string, scopes: string[]][],
): Promise<Map<string, Loaded>> {
  const rows = await postgres.all<{ table_name: string; scope: string; generation: string; total: string }>(
    `SELECT table_name, scope, generation, sum(generation) OVER (PARTITION BY table_name) AS total
     FROM socialroi_generations WHERE table_name = ANY($tables)`,
    { tables: scopes.map(([table]) => table) },
  );
  const result = new Map<string, Loaded>();
  for (const [table, ofTable] of scopes) {
    const tableRows = rows.filter((row) => row.table_name === table);
    const generation = (scope: string) =>
      Number(tableRows.find((row) => row.scope === scope)?.generation ?? 0);
    const total = Number(tableRows[0]?.total ?? 0);
    for (const scope of ofTable)
      result.set(
        key(table, scope),
        scope === ALL ? { own: total, table: total } : { own: generation(scope), table: generation(ALL) },
      );
  }
  return result;
}

/**
 * The statement as an insert into `into` instead, when it only inserts into one table and reads
 * nothing of it (the table's name appears once, as the target, and no conflict with its rows
 * changes them); undefined otherwise.
 */
function appendOnly(
  sql: string,
  tables: StatementTables,
  into: (table: string) => string,
): { table: string; sql: string } | undefined {
  const [table] = tables.written;
  if (tables.written.length !== 1 || table === undefined || /\bON\s+CONFLICT\b/i.test(sql)) return undefined;
  const target = new RegExp(`^(\\s*INSERT\\s+INTO\\s+)"?${table}"?(?=[\\s(])`, "i");
  if (!target.test(sql) || (sql.match(new RegExp(`\\b${table}\\b`, "g"))?.length ?? 0) !== 1)
    return undefined;
  return { table, sql: sql.replace(target, `$1${into(table)}`) };
}

/** The empty copy of a table an append-only insert fills. */
function stagedAppend(table: string): string {
  return quoteIdent(`append_${table}`);
}

/** `{table}`, `{table.local}` and `{current table}` in a rollup's ClickHouse SQL (rollups.ts). */
const ROLLUP_TABLE = /\{(current )?([a-z_]+)(\.local)?\}/g;

/** The event tables rollups read, themselves or through a table ClickHouse keeps from them. */
function rollupTables(rollups: Rollups): string[] {
  return Object.values(rollups).flatMap((rollup) =>
    [...rollup.clickhouse.matchAll(ROLLUP_TABLE)].flatMap((match) => {
      const table = match[2] as string;
      const sources = maintainedSources(table);
      return sources.length > 0 ? sources : [table];
    }),
  );
}

/** A column of rows ClickHouse gave, read as text, as the working copy's type. */
function fromClickHouse(name: string, type: string): string {
  const ident = quoteIdent(name);
  if (type === "TIMESTAMP WITH TIME ZONE" || type === "TIMESTAMPTZ")
    return `CAST(epoch_ms(CAST(${ident} AS BIGINT)) AS TIMESTAMPTZ) AS ${ident}`;
  return `CAST(${ident} AS ${type}) AS ${ident}`;
}

/** An event row as ClickHouse keeps it: instants as milliseconds, JSON as its text. */
function clickhouseRowSql(shape: TableShape): string {
  return shape.columns
    .map((column) => {
      const name = quoteIdent(column.name);
      if (column.type === "TIMESTAMP WITH TIME ZONE") return `epoch_ms(${name}) AS ${name}`;
      if (column.type === "JSON") return `CAST(${name} AS VARCHAR) AS ${name}`;
      return name;
    })
    .join(", ");
}

async function nextEventVersion(session: PostgresTransaction): Promise<number> {
  const [row] = await session.all<{ v: string }>("SELECT nextval('socialroi_event_version') AS v");
  return Number(row!.v);
}

/** Marks a table's scope changed, and tells the other servers when the transaction commits. */
async function raiseGeneration(session: PostgresTransaction, table: string, scope: string): Promise<void> {
  await session.all(
    `INSERT INTO socialroi_generations (table_name, scope, generation) VALUES ($table, $scope, 1)
     ON CONFLICT (table_name, scope) DO UPDATE SET generation = socialroi_generations.generation + 1`,
    { table, scope },
  );
  await session.all(`SELECT pg_notify('${CHANGES_CHANNEL}', $table)`, { table });
}

/** Where the working copy stands for one table and scope: the generations it was loaded at. */
interface Loaded {
  /** The scope's own generation and the whole table's (for a workspace), or the table's total (for ALL). */
  own: number;
  table: number;
}

interface WriteTransaction {
  session: PostgresTransaction;
  /** Scopes written, per table. */
  written: Map<string, Set<string>>;
  /** Snapshots loaded inside the transaction: forgotten if it rolls back, as their rows are. */
  loaded: Set<string>;
  /**
   * Settings tables' scopes the transaction has only inserted rows into, by statements that read
   * nothing of them: they have no before image, their new rows are kept apart (`appendedRows`).
   */
  appended: Set<string>;
}

const key = (table: string, scope: string) => `${table}\u0000${scope}`;

/**
 * The cluster mode's store: PostgreSQL holds the settings, ClickHouse the events, and each server
 * answers from a working copy in an in-process DuckDB, so the application's one set of SQL runs
 * here as in the embedded mode and gives the same figures.
 *
 * Before a statement runs, the tables it names are brought up to date for its workspace (its `$ws`)
 * or whole: PostgreSQL keeps a generation per table and workspace, raised by every change a server
 * publishes, and only what another server changed since is loaded again. A write transaction takes
 * one lock in PostgreSQL (changes are serialised across servers), runs on the working copy, then
 * publishes what it wrote: a settings table's rows new, changed and deleted are deleted and
 * inserted in PostgreSQL by their key (settings-keys.ts), an event table's go to ClickHouse as a new
 * version of their keys; the generations are raised in the same PostgreSQL transaction, which also
 * releases the lock.
 */
export class ClusterStore implements FileReadingStore {
  // Its statements are DuckDB's, run on the working copy.
  readonly dialect = "duckdb" as const;
  private readonly loaded = new Map<string, Loaded>();
  private readonly transactions = new AsyncLocalStorage<WriteTransaction>();
  /** Every name a statement may read: tables, derived tables, views. */
  private readonly names: ReadonlySet<string>;
  /** Tables whose rows belong to a workspace (a `workspace_id` column), loaded a workspace at a time. */
  private readonly perWorkspace: ReadonlySet<string>;
  /** One statement or transaction at a time on the working copy's one connection. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly location: string,
    readonly localFiles: string | undefined,
    private readonly engine: DuckDbStore,
    private readonly postgres: Postgres,
    private readonly clickhouse: ClickHouseServer[],
    private readonly ownsClickHouse: boolean,
    private readonly config: ClusterConfig,
    private readonly tables: ReadonlyMap<string, TableShape>,
    /** The tables each view reads, loaded for a statement that names the view. */
    private readonly views: ReadonlyMap<string, string[]>,
    readonly secrets: SharedSecrets,
    private readonly changes: ChangeFeed,
  ) {
    this.names = new Set([...tables.keys(), ...DERIVED.keys(), ...views.keys()]);
    this.perWorkspace = new Set(
      [...tables.values()]
        .filter((shape) => shape.columns.some((column) => column.name === "workspace_id"))
        .map((shape) => shape.name),
    );
  }

  /**
   * Opens the cluster `config` names; `shards` are clients already connected to its ClickHouse (the
   * tests' in-process chDB), which the store then uses without closing.
   */
  static async open(
    config: ClusterConfig,
    shards?: ClickHouseServer[],
    localFiles?: string,
    env: StoreEnvironment = process.env,
  ): Promise<ClusterStore> {
    const postgres = await Postgres.connect(config.postgresUrl);
    try {
      const clickhouse = shards ?? (await connectClickHouse(config.clickhouse));
      const engine = await DuckDbStore.open(":memory:", env);
      // The working copy is an empty embedded database: its tables are the schema to work with.
      const schema = await readEmbeddedSchema(engine);
      const secrets = await SharedSecrets.load(postgres);
      const changes = await ChangeFeed.start(config.postgresUrl);
      const location = `${postgres.location} + ClickHouse ${config.clickhouse.shards.join(", ")}`;
      const tables = new Map(schema.map((table) => [table.name, table]));
      const tableNames = new Set(tables.keys());
      const views = new Map(
        (await runQuery(engine, embeddedViews)).map((view) => [
          view.name,
          statementTables(view.sql, tableNames).named,
        ]),
      );
      return new ClusterStore(
        location,
        localFiles,
        engine,
        postgres,
        clickhouse,
        shards === undefined,
        config,
        tables,
        views,
        secrets,
        changes,
      );
    } catch (error) {
      await postgres.close();
      // PostgreSQL's "undefined table": its schema was never created.
      if ((error as { code?: unknown }).code === "42P01")
        throw new StoreUnavailableError(
          `PostgreSQL at ${postgres.location}: ${(error as Error).message}: run \`socialroi migrate\` to create socialroi's tables in PostgreSQL and ClickHouse`,
        );
      throw error;
    }
  }

  async all<T = Row>(sql: string, params?: Params, rollups?: Rollups): Promise<T[]> {
    const tx = this.transactions.getStore();
    // A table the transaction wrote has rows in the working copy that ClickHouse does not have yet.
    const unpublished = tx && rollups && rollupTables(rollups).some((table) => tx.written.has(table));
    if (rollups && !unpublished) {
      const execute = () => this.engine.all<T>(sql, params);
      return this.statement(sql, params, () => this.withRollups(rollups, params, execute));
    }
    const statement = rollups ? withRollupCtes(sql, rollups) : sql;
    return this.statement(statement, params, () => this.engine.all<T>(statement, params));
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.statement(sql, params, () => this.engine.run(sql, params));
  }

  private async statement<T>(sql: string, params: Params | undefined, execute: () => Promise<T>): Promise<T> {
    const tables = statementTables(sql, this.names);
    const inTransaction = this.transactions.getStore();
    if (inTransaction) return this.inTransaction(inTransaction, sql, tables, params, execute);
    const appended = appendOnly(sql, tables, stagedAppend);
    if (appended !== undefined && EVENT_TABLE_KEYS.has(appended.table))
      return this.append(appended.table, appended.sql, params) as Promise<T>;
    if (tables.written.length > 0) return this.transaction(() => this.statement(sql, params, execute));
    return this.exclusive(async () => {
      await this.bringUpToDate(tables.named, params, undefined);
      return execute();
    });
  }

  /** Runs `execute` with the rollups' rows, as ClickHouse computes them, in temporary tables of their names. */
  private async withRollups<T>(
    rollups: Rollups,
    params: Params | undefined,
    execute: () => Promise<T>,
  ): Promise<T> {
    const dir = await this.engine.scratchFolder();
    try {
      for (const [name, rollup] of Object.entries(rollups)) await this.loadRollup(name, rollup, params, dir);
      return await execute();
    } finally {
      for (const name of Object.keys(rollups))
        await this.engine.run(`DROP TABLE IF EXISTS temp.${quoteIdent(name)}`).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A rollup's rows as ClickHouse computes them, as a temporary table the statement reads by its name. */
  private async loadRollup(
    name: string,
    rollup: Rollup,
    params: Params | undefined,
    dir: string,
  ): Promise<void> {
    const bound = params ?? {};
    const conditions = new Map<string, string>();
    for (const [, current, table] of rollup.clickhouse.matchAll(ROLLUP_TABLE))
      if (current && table !== undefined && !conditions.has(table))
        conditions.set(
          table,
          await currentRowsCondition(
            this.clickhouse[0]!,
            this.eventTableNames(table),
            scopeFilter(this.scopeOf(table, bound)).where,
            bound,
          ),
        );
    const sql = rollup.clickhouse.replace(
      ROLLUP_TABLE,
      (_match, current: string | undefined, table: string, local: string | undefined) => {
        if (current) return conditions.get(table)!;
        const names = this.clickhouseTables(table);
        return local ? names.local : names.queried;
      },
    );
    const file = join(dir, `${name}.json`);
    await writeFile(file, await this.clickhouse[0]!.jsonLines(sql, bound));
    const columns = Object.entries(rollup.columns);
    const asText = `{${columns.map(([column]) => `${quoteLiteral(column)}: 'VARCHAR'`).join(", ")}}`;
    await this.engine.run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} AS
       SELECT ${columns.map(([column, type]) => fromClickHouse(column, type)).join(", ")}
       FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', columns = ${asText})`,
    );
  }

  private async inTransaction<T>(
    tx: WriteTransaction,
    sql: string,
    tables: StatementTables,
    params: Params | undefined,
    execute: () => Promise<T>,
  ): Promise<T> {
    await this.bringUpToDate(tables.named, params, tx);
    const appended = appendOnly(sql, tables, (table) => this.pendingRows(table));
    for (const table of tables.written) {
      if (DERIVED.has(table)) continue;
      const scope = this.scopeOf(table, params);
      const scopes = tx.written.get(table) ?? new Set<string>();
      const first = !scopes.has(scope);
      scopes.add(scope);
      tx.written.set(table, scopes);
      if (appended && !EVENT_TABLE_KEYS.has(table) && (first || tx.appended.has(key(table, scope)))) {
        tx.appended.add(key(table, scope));
        return (await this.appendInTransaction(table, scope, first, appended.sql, params)) as T;
      }
      if (first) await this.keepBeforeImage(table, scope);
      else if (tx.appended.delete(key(table, scope))) {
        // Its appended rows are then part of the difference published.
        await this.keepBeforeImage(table, scope, "less appended");
        await this.engine.run(`DROP TABLE ${this.appendedRows(table, scope)}`);
      }
    }
    return execute();
  }

  /**
   * An insert into a settings table that reads nothing of it, in a transaction (an audit entry): its
   * rows are staged apart, added to the table and kept to be sent as they are, with no before image
   * of the scope nor comparison with it, so that it costs the same however many rows the scope has.
   */
  private async appendInTransaction(
    table: string,
    scope: string,
    first: boolean,
    sql: string,
    params: Params | undefined,
  ): Promise<Row[]> {
    const shape = this.tables.get(table);
    if (!shape) throw new Error(`${table} is not a table of the store`);
    const pending = this.pendingRows(table);
    // The table's defaults, for the columns the statement leaves out.
    const columns = shape.columns.map(
      (column) =>
        `${quoteIdent(column.name)} ${column.type}${column.defaultSql === undefined ? "" : ` DEFAULT ${column.defaultSql}`}`,
    );
    await this.engine.run(`CREATE OR REPLACE TEMP TABLE ${pending} (${columns.join(", ")})`);
    const result = await this.engine.all(sql, params);
    await this.engine.run(`INSERT INTO ${quoteIdent(table)} SELECT * FROM ${pending}`);
    const appended = this.appendedRows(table, scope);
    await this.engine.run(
      first
        ? `CREATE TEMP TABLE ${appended} AS SELECT * FROM ${pending}`
        : `INSERT INTO ${appended} SELECT * FROM ${pending}`,
    );
    return result;
  }

  /**
   * An insert into an event table that reads nothing of it (the clicks of a log, a tracked sale):
   * its rows are new keys, so they go to ClickHouse without the table being loaded or compared.
   * The statement fills an empty copy of the table instead; the working copy gets the rows too if
   * it was current, and stays current.
   */
  private append(target: string, into: string, params: Params | undefined): Promise<void> {
    const shape = this.tables.get(target);
    if (!shape) throw new Error(`${target} is not a table of the store`);
    const staged = stagedAppend(target);
    const table = quoteIdent(target);
    return this.exclusive(async () => {
      const dir = await this.engine.scratchFolder();
      try {
        await this.engine.run(`CREATE OR REPLACE TEMP TABLE ${staged} AS SELECT * FROM ${table} LIMIT 0`);
        await this.engine.run(into, params);
        const scopes = (
          await this.engine.all<{ ws: string }>(`SELECT DISTINCT workspace_id AS ws FROM ${staged}`)
        ).map((row) => row.ws);
        if (scopes.length === 0) return;
        const known: [string, string[]][] = [[target, [ALL, ...scopes]]];
        const { before, after } = await this.postgres.transaction(async (session) => {
          const generationsBefore = await generationsOf(session, known);
          const version = await nextEventVersion(session);
          const file = join(dir, "appended.json");
          await this.engine.run(
            `COPY (SELECT ${clickhouseRowSql(shape)}, ${version} AS ${VERSION_COLUMN}, 0 AS ${DELETED_COLUMN}, 0 AS ${REPLACES_COLUMN} FROM ${staged})
             TO ${quoteLiteral(file)} (FORMAT JSON)`,
          );
          await this.insertIntoClickHouse(shape, file);
          for (const scope of scopes) await raiseGeneration(session, target, scope);
          return { before: generationsBefore, after: await generationsOf(session, known) };
        });
        // Current before (every scope of it loaded as of `before`): current after, with the rows added.
        const current = [ALL, ...scopes].filter((scope) => {
          const had = this.loaded.get(key(target, scope));
          const was = before.get(key(target, scope));
          return had !== undefined && was !== undefined && had.own === was.own && had.table === was.table;
        });
        if (current.length > 0) await this.engine.run(`INSERT INTO ${table} SELECT * FROM ${staged}`);
        for (const scope of [ALL, ...scopes]) {
          const now = after.get(key(target, scope));
          if (current.includes(scope) && now) this.loaded.set(key(target, scope), now);
          else this.loaded.delete(key(target, scope));
        }
        for (const { from, refresh } of DERIVED.values())
          if (from === target) for (const scope of scopes) await refresh(this.engine, scope);
      } finally {
        await this.engine.run(`DROP TABLE IF EXISTS ${staged}`).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  /** Runs `work` once the statements and transactions before it are done. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.transactions.getStore()) return work();
    return this.exclusive(async () => {
      let tx: WriteTransaction | undefined;
      try {
        return await this.postgres.transaction(async (session) => {
          tx = { session, written: new Map(), loaded: new Set(), appended: new Set() };
          const current = tx;
          await session.all("SELECT pg_advisory_xact_lock(hashtext('socialroi writes'))");
          return this.engine.transaction(async () => {
            const value = await this.transactions.run(current, work);
            await this.publish(current);
            return value;
          });
        });
      } catch (error) {
        // The working copy rolled back too: what it loaded inside is gone with it.
        for (const loadedKey of tx?.loaded ?? []) this.loaded.delete(loadedKey);
        for (const [table, scopes] of tx?.written ?? [])
          for (const scope of scopes) this.loaded.delete(key(table, scope));
        throw error;
      } finally {
        if (tx) await this.dropBeforeImages(tx);
      }
    });
  }

  /** A workspace's rows when the statement names one and the table has them, else the whole table. */
  private scopeOf(table: string, params: Params | undefined): string {
    const ws = params?.["ws"];
    return typeof ws === "string" && this.perWorkspace.has(DERIVED.get(table)?.from ?? table) ? ws : ALL;
  }

  private async bringUpToDate(
    tables: string[],
    params: Params | undefined,
    tx: WriteTransaction | undefined,
  ): Promise<void> {
    const needed = new Map<string, string>();
    for (const table of tables.flatMap((name) => this.views.get(name) ?? [name])) {
      const source = DERIVED.get(table)?.from ?? table;
      // A table written in this transaction holds its own newer rows, loaded under its lock.
      if (tx?.written.has(source)) continue;
      const scope = this.scopeOf(table, params);
      // One statement naming a table for a workspace and whole (a view over it) loads it whole.
      needed.set(source, needed.get(source) === ALL ? ALL : scope);
    }
    if (needed.size === 0) return;
    const current = await generationsOf(
      this.postgres,
      [...needed].map(([table, scope]) => [table, [scope]]),
    );
    for (const [table, scope] of needed) {
      const now = current.get(key(table, scope)) ?? { own: 0, table: 0 };
      const whole = this.loaded.get(key(table, ALL));
      const wholeNow = current.get(key(table, ALL));
      if (whole && wholeNow && whole.own === wholeNow.own) continue;
      const had = this.loaded.get(key(table, scope));
      if (had && had.own === now.own && had.table === now.table) continue;
      await this.load(table, scope);
      // A whole table loaded is every workspace's rows loaded at once.
      if (scope === ALL)
        for (const other of [...this.loaded.keys()])
          if (other.startsWith(key(table, ALL))) this.loaded.delete(other);
      this.loaded.set(key(table, scope), now);
      tx?.loaded.add(key(table, scope));
    }
  }

  /** Replaces the working copy's rows of a table's scope with the cluster's. */
  private async load(table: string, scope: string): Promise<void> {
    const shape = this.tables.get(table);
    if (!shape) throw new Error(`${table} is not a table of the store`);
    const { where, params } = scopeFilter(scope);
    const dir = await this.engine.scratchFolder();
    try {
      const file = join(dir, "rows.json");
      const isEvents = EVENT_TABLE_KEYS.has(table);
      if (isEvents) {
        const names = this.eventTableNames(table);
        const current = await currentRowsCondition(this.clickhouse[0]!, names, where, params);
        const columns = shape.columns.map((c) => quoteIdent(c.name)).join(", ");
        await writeFile(
          file,
          await this.clickhouse[0]!.jsonLines(
            `SELECT ${columns} FROM ${names.queried} WHERE ${where} AND ${current}`,
            params,
          ),
        );
      } else
        await writeFile(
          file,
          await this.postgres.text(
            `SELECT coalesce(json_agg(t), '[]') FROM ${quoteIdent(table)} t WHERE ${where}`,
            params,
          ),
        );
      const columns = `{${shape.columns.map((c) => `${quoteLiteral(c.name)}: 'VARCHAR'`).join(", ")}}`;
      const values = shape.columns.map((column) =>
        isEvents
          ? fromClickHouse(column.name, column.type)
          : `CAST(${quoteIdent(column.name)} AS ${column.type})`,
      );
      await this.engine.run(`DELETE FROM ${quoteIdent(table)} WHERE ${where}`, params);
      await this.engine.run(
        `INSERT INTO ${quoteIdent(table)} (${shape.columns.map((c) => quoteIdent(c.name)).join(", ")})
         SELECT ${values.join(", ")} FROM read_json(${quoteLiteral(file)}, format = '${isEvents ? "newline_delimited" : "array"}', columns = ${columns})`,
        params,
      );
      for (const { from, refresh } of DERIVED.values()) if (from === table) await refresh(this.engine, scope);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private beforeImage(table: string, scope: string): string {
    return quoteIdent(`before_${table}_${Buffer.from(scope).toString("hex")}`);
  }

  private appendedRows(table: string, scope: string): string {
    return quoteIdent(`appended_${table}_${Buffer.from(scope).toString("hex")}`);
  }

  private pendingRows(table: string): string {
    return quoteIdent(`pending_${table}`);
  }

  /**
   * What a table's scope held before the transaction wrote to it, to publish only the difference:
   * its rows now, less those the transaction appended to it so far when it only appended.
   */
  private async keepBeforeImage(table: string, scope: string, rows?: "less appended"): Promise<void> {
    const { where, params } = scopeFilter(scope);
    const less = rows ? ` EXCEPT ALL SELECT * FROM ${this.appendedRows(table, scope)}` : "";
    await this.engine.run(
      `CREATE TEMP TABLE ${this.beforeImage(table, scope)} AS SELECT * FROM ${quoteIdent(table)} WHERE ${where}${less}`,
      params,
    );
  }

  private async dropBeforeImages(tx: WriteTransaction): Promise<void> {
    const drop = (name: string) => this.engine.run(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
    for (const [table, scopes] of tx.written) {
      for (const scope of scopes) await drop(this.beforeImage(table, scope));
      if (!EVENT_TABLE_KEYS.has(table)) await drop(this.pendingRows(table));
    }
    for (const scope of tx.appended) {
      const [table, ofTable] = scope.split("\u0000") as [string, string];
      await drop(this.appendedRows(table, ofTable));
    }
  }

  /** Sends what the transaction wrote to PostgreSQL and ClickHouse and raises its generations. */
  private async publish(tx: WriteTransaction): Promise<void> {
    if (tx.written.size === 0) return;
    const dir = await this.engine.scratchFolder();
    try {
      let version: number | undefined;
      let files = 0;
      for (const [table, scopes] of tx.written) {
        const shape = this.tables.get(table);
        if (!shape) continue;
        for (const scope of scopes) {
          const { where, params } = scopeFilter(scope);
          const file = join(dir, `${++files}.json`);
          let sent: boolean;
          if (EVENT_TABLE_KEYS.has(table)) {
            version ??= await nextEventVersion(tx.session);
            sent = await this.publishEvents(shape, scope, where, params, version, file);
          } else if (tx.appended.has(key(table, scope)))
            sent = await this.publishSettings(
              tx.session,
              shape,
              file,
              `SELECT false AS _gone, true AS _row, * FROM ${this.appendedRows(table, scope)}`,
            );
          // A scan of the scope's rows in the working copy, to send PostgreSQL only the rows changed.
          else
            sent = await this.publishSettings(
              tx.session,
              shape,
              file,
              publishedRowsSql(shape, this.beforeImage(table, scope), where),
              params,
            );
          // A write that changed no row (the scheduler's minutely look for stale claims, on every
          // server) would otherwise have every server load the table again.
          if (sent) await raiseGeneration(tx.session, table, scope);
        }
      }
      // This server's working copy already holds what it published: its new generations are current.
      const after = await generationsOf(
        tx.session,
        [...tx.written].map(([table, scopes]) => [table, [...scopes]]),
      );
      for (const [loadedKey, generations] of after) this.loaded.set(loadedKey, generations);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * The scope's rows that are new or changed since the before image, and those it no longer has
   * (marked deleted), as one new version of their keys; false when there were none.
   */
  private async publishEvents(
    shape: TableShape,
    scope: string,
    where: string,
    params: Params,
    version: number,
    file: string,
  ): Promise<boolean> {
    const table = quoteIdent(shape.name);
    const before = this.beforeImage(shape.name, scope);
    const keyMatch = eventRowKey(shape.name)
      .map((name) => `a.${quoteIdent(name)} IS NOT DISTINCT FROM b.${quoteIdent(name)}`)
      .join(" AND ");
    const columns = clickhouseRowSql(shape);
    await this.engine.run(
      `COPY (
        SELECT ${columns}, ${version} AS ${VERSION_COLUMN}, 0 AS ${DELETED_COLUMN},
          CAST(EXISTS (SELECT 1 FROM ${before} b WHERE ${keyMatch}) AS INTEGER) AS ${REPLACES_COLUMN}
        FROM (SELECT * FROM ${table} WHERE ${where} EXCEPT SELECT * FROM ${before}) a
        UNION ALL
        SELECT ${columns}, ${version} AS ${VERSION_COLUMN}, 1 AS ${DELETED_COLUMN}, 1 AS ${REPLACES_COLUMN}
        FROM ${before} b WHERE NOT EXISTS (SELECT 1 FROM ${table} a WHERE ${keyMatch})
      ) TO ${quoteLiteral(file)} (FORMAT JSON)`,
      params,
    );
    if ((await stat(file)).size === 0) return false;
    await this.insertIntoClickHouse(shape, file);
    return true;
  }

  /**
   * Sends PostgreSQL the rows `rows` selects: first deletes the keys marked `_gone`, then inserts
   * the rows marked `_row`. A changed row is deleted and inserted again rather than updated in
   * place, so that a unique value moving between rows (a slug given to another link) never meets
   * itself halfway, and a row group (settings-keys.ts) gets exactly its rows. False when there were none.
   */
  private async publishSettings(
    session: PostgresTransaction,
    shape: TableShape,
    file: string,
    rows: string,
    params?: Params,
  ): Promise<boolean> {
    const table = quoteIdent(shape.name);
    await this.engine.run(`COPY (${rows}) TO ${quoteLiteral(file)} (FORMAT JSON)`, params);
    // One object a line, never parsed here: a number beyond 2^53 reaches PostgreSQL as written.
    const lines = (await readFile(file, "utf8")).split("\n");
    const gone = lines.filter((line) => line.startsWith('{"_gone":true'));
    const added = lines.filter((line) => /^\{"_gone":(?:true|false),"_row":true/.test(line));
    const sent = `json_populate_recordset(NULL::${table}, $rows::json)`;
    const key = settingsRowKey(shape).columns.map(quoteIdent);
    if (gone.length > 0)
      await session.all(`DELETE FROM ${table} t USING ${sent} k WHERE ${sameKey(key, "t", "k")}`, {
        rows: `[${gone.join(",")}]`,
      });
    if (added.length > 0)
      await session.all(`INSERT INTO ${table} SELECT * FROM ${sent}`, { rows: `[${added.join(",")}]` });
    return gone.length > 0 || added.length > 0;
  }

  private async insertIntoClickHouse(shape: TableShape, file: string): Promise<void> {
    await this.clickhouse[0]!.insertJsonLinesFile(this.eventTableNames(shape.name).queried, file);
    await addLookedUpRows(
      this.engine,
      this.clickhouse[0]!,
      this.config.clickhouse,
      shape.name,
      file,
      dirname(file),
    );
  }

  /** The ClickHouse tables of an event table, with their database, and its key. */
  private eventTableNames(table: string): EventTableNames {
    const shape = this.tables.get(table);
    if (!shape || !EVENT_TABLE_KEYS.has(table)) throw new Error(`${table} is not an event table`);
    return { ...this.clickhouseTables(table), key: keyExpressions(shape) };
  }

  /** The ClickHouse tables of an event table or of one ClickHouse keeps from it, with their database. */
  private clickhouseTables(table: string): ClickHouseTableNames {
    if (!EVENT_TABLE_KEYS.has(table) && maintainedSources(table).length === 0)
      throw new Error(`${table} is not a ClickHouse table`);
    const names = clickhouseTableNames(table, this.config.clickhouse.cluster);
    const db = quoteIdent(this.config.clickhouse.database);
    return { queried: `${db}.${quoteIdent(names.queried)}`, local: `${db}.${quoteIdent(names.local)}` };
  }

  /**
   * A mutation on each shard's own table of each event table and each table kept from them:
   * ClickHouse rewrites the parts holding the workspace's rows without them, in the background,
   * deleted versions and all.
   */
  async eraseDeletedWorkspace(workspaceId: string): Promise<void> {
    for (const table of [
      ...EVENT_TABLE_KEYS.keys(),
      ...MAINTAINED_TABLES.map((maintained) => maintained.name),
    ]) {
      const { local } = this.clickhouseTables(table);
      await Promise.all(
        this.clickhouse.map((shard) =>
          shard.command(`ALTER TABLE ${local} DELETE WHERE workspace_id = $ws`, { ws: workspaceId }),
        ),
      );
    }
  }

  onChange(table: string, listener: () => void): () => void {
    return this.changes.on(table, listener);
  }

  /** Other servers write too: only a statement can tell what is current. */
  dataVersion(): undefined {
    return undefined;
  }

  scratchFolder(): Promise<string> {
    return this.engine.scratchFolder();
  }

  progress(): number | undefined {
    return this.engine.progress();
  }

  /** Files are read and grouped in the working copy: its memory is the one to bound. */
  withMemoryBudget<T>(extraBytes: number, work: () => Promise<T>): Promise<T> {
    return this.engine.withMemoryBudget(extraBytes, work);
  }

  async close(): Promise<void> {
    await this.queue;
    try {
      await this.secrets.written();
    } finally {
      await this.changes.close();
      await this.engine.close();
      if (this.ownsClickHouse) await Promise.all(this.clickhouse.map((shard) => shard.close()));
      await this.postgres.close();
    }
  }
}
