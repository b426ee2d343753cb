import pg from "pg";
import type { Params, Row } from "../store.js";
import { StoreUnavailableError } from "../store.js";

/**
 * The store's `$name` parameters as PostgreSQL's `$1, $2…`: each name gets the number of its first
 * use, and a name used twice is bound once. Names inside quotes are left alone.
 */
export function positionalSql(sql: string, params: Params = {}): { text: string; values: unknown[] } {
  const numbers = new Map<string, number>();
  const values: unknown[] = [];
  const text = sql.replace(
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string) => {
      if (name === undefined) return match;
      if (!(name in params)) throw new Error(`The statement uses $${name}, which it was given no value for`);
      let number = numbers.get(name);
      if (number === undefined) {
        values.push(params[name]);
        number = values.length;
        numbers.set(name, number);
      }
      return `$${number}`;
    },
  );
  return { text, values };
}

/** A pool of connections to the settings database. */
export class Postgres {
  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  static async connect(url: string): Promise<Postgres> {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    // A connection dropped while idle is the pool's to replace; without a listener it would end the process.
    pool.on("error", () => undefined);
    // Nor may a connection PostgreSQL ends at any other moment (a restart, a failover, an
    // administrator): held by a transaction between two statements, or as the pool hands it out (the
    // end can come with the answer that completes its start, before its holder could listen). The
    // statement sent on it then fails, and the pool drops a connection it finds ended.
    pool.on("connect", (client) => client.on("error", () => undefined));
    const location = url.replace(/\/\/[^/@]*@/, "//");
    try {
      (await pool.connect()).release();
    } catch (error) {
      await pool.end();
      throw new StoreUnavailableError(
        `Cannot reach PostgreSQL at ${location} (SOCIALROI_POSTGRES_URL): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return new Postgres(pool, location);
  }

  /**
   * Statements run outside a transaction are reads or writes that may run twice (an upsert, a
   * VACUUM): one that met a connection PostgreSQL had just ended (a restart, a failover, an
   * administrator; the pool learns of it only from that answer) is sent again, once, on another.
   */
  private async retried<R>(send: () => Promise<R>): Promise<R> {
    try {
      return await send();
    } catch (error) {
      if (!connectionEnded(error)) throw error;
      return await send();
    }
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const { text, values } = positionalSql(sql, params);
    return (await this.retried(() => this.pool.query(text, values))).rows as T[];
  }

  /**
   * The first column of the first row as PostgreSQL wrote it (no parsing into JavaScript values):
   * a JSON document built by the query, handed on to DuckDB as it is.
   */
  async text(sql: string, params?: Params): Promise<string> {
    const { text, values } = positionalSql(sql, params);
    const result = await this.retried(() =>
      this.pool.query({ text, values, rowMode: "array", types: { getTypeParser: () => RAW } }),
    );
    return String((result.rows[0] as unknown[] | undefined)?.[0] ?? "");
  }

  /** Runs `work` on one connection inside a transaction, committed if it returns and rolled back if it throws. */
  async transaction<T>(work: (client: PostgresTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work({
        all: async <R = Row>(sql: string, params?: Params) => {
          const { text, values } = positionalSql(sql, params);
          return (await client.query(text, values)).rows as R[];
        },
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      // A connection that cannot even roll back is closed rather than handed to the next caller.
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export interface PostgresTransaction {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
}

const RAW = (value: string) => value;

/** PostgreSQL's codes for a connection it ends (admin_shutdown, crash_shutdown), or node-postgres's word for one cut. */
const ENDED_CONNECTION_CODES = new Set(["57P01", "57P02"]);

function connectionEnded(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === "string" && ENDED_CONNECTION_CODES.has(code)) ||
    error.message.startsWith("Connection terminated")
  );
}
