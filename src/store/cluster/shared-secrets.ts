import type { Secrets } from "../store.js";
import type { Postgres } from "./postgres.js";

/**
 * The secrets every server of a cluster must share (a visitor's hash is the same whichever server
 * answered; a webhook is checked with the secret set on any server), in PostgreSQL's
 * `socialroi_secrets`. Read once at start into memory, since a click must not wait for a query to
 * hash its visitor; each change is written through at once, in the order made.
 */
export class SharedSecrets implements Secrets {
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(
    private readonly postgres: Postgres,
    private readonly entries: Map<string, string>,
  ) {}

  static async load(postgres: Postgres): Promise<SharedSecrets> {
    const rows = await postgres.all<{ name: string; secret: string }>(
      "SELECT name, secret FROM socialroi_secrets",
    );
    return new SharedSecrets(postgres, new Map(rows.map((row) => [row.name, row.secret])));
  }

  get(name: string): string | undefined {
    return this.entries.get(name);
  }

  names(prefix: string): string[] {
    return [...this.entries.keys()].filter((name) => name.startsWith(prefix));
  }

  update(changes: Iterable<[string, string | undefined]>): void {
    const list = [...changes];
    for (const [name, value] of list) {
      if (value === undefined) this.entries.delete(name);
      else this.entries.set(name, value);
    }
    void this.afterWrites(async () => {
      await this.postgres.transaction(async (tx) => {
        for (const [name, value] of list) {
          if (value === undefined) await tx.all("DELETE FROM socialroi_secrets WHERE name = $name", { name });
          else
            await tx.all(
              `INSERT INTO socialroi_secrets (name, secret) VALUES ($name, $value)
               ON CONFLICT (name) DO UPDATE SET secret = excluded.secret`,
              { name, value },
            );
        }
      });
      // A deleted row stays in the table's file until VACUUM; FULL writes the table afresh without it.
      if (list.some(([, value]) => value === undefined))
        await this.postgres.all("VACUUM FULL socialroi_secrets");
    }, undefined);
  }

  /** Kept in memory at once, so that no click waits; the value PostgreSQL kept replaces it once known. */
  claim(name: string, value: string): Promise<string> {
    this.entries.set(name, this.entries.get(name) ?? value);
    return this.afterWrites(async () => {
      await this.postgres.all(
        "INSERT INTO socialroi_secrets (name, secret) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING",
        { name, value },
      );
      const [kept] = await this.postgres.all<{ secret: string }>(
        "SELECT secret FROM socialroi_secrets WHERE name = $name",
        { name },
      );
      // Deleted meanwhile (the day is over): this process's value is the one it used.
      const secret = kept?.secret ?? value;
      if (this.entries.has(name)) this.entries.set(name, secret);
      return secret;
    }, value);
  }

  /**
   * Runs `write` after the writes before it, in the order made. A failure is kept for written():
   * a change nobody awaits must not end the process as an unhandled rejection.
   */
  private afterWrites<T>(write: () => Promise<T>, fallback: T): Promise<T> {
    const result = this.writes.then(write).catch((error: unknown) => {
      this.failure ??= error;
      return fallback;
    });
    this.writes = result.then(() => undefined);
    return result;
  }

  /** Waits for the changes made so far to be written; throws the first that could not be. */
  async written(): Promise<void> {
    await this.writes;
    if (this.failure !== undefined) throw this.failure;
  }
}
