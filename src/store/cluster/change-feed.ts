import pg from "pg";

/** The PostgreSQL channel each publication names its tables on. */
export const CHANGES_CHANNEL = "socialroi_changes";

const RECONNECT_MS = 1000;

/**
 * The tables other servers change, as PostgreSQL tells them (LISTEN/NOTIFY, delivered when the
 * publishing transaction commits). While the connection is down nothing is heard: once it is back,
 * every listener is called, as anything may have changed meanwhile.
 */
export class ChangeFeed {
  private readonly listeners = new Map<string, Set<() => void>>();
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(private readonly url: string) {}

  static async start(url: string): Promise<ChangeFeed> {
    const feed = new ChangeFeed(url);
    await feed.connect();
    return feed;
  }

  /** Connects and listens; false when the feed was closed meanwhile (the connection is then ended). */
  private async connect(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (message) => {
      for (const listener of this.listeners.get(message.payload ?? "") ?? []) listener();
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    };
    client.on("error", lost);
    client.on("end", lost);
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    // Closed while a reconnection was under way: kept, this connection would hold the process open
    // after the server stopped (seen: a server that never exited on SIGTERM).
    if (this.closed) {
      await client.end().catch(() => undefined);
      return false;
    }
    this.client = client;
    return true;
  }

  private reconnectLater(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.connect().then(
        (connected) => {
          if (!connected) return;
          for (const listeners of this.listeners.values()) for (const listener of listeners) listener();
        },
        () => this.reconnectLater(),
      );
    }, RECONNECT_MS);
    this.retry.unref();
  }

  on(table: string, listener: () => void): () => void {
    const listeners = this.listeners.get(table) ?? new Set();
    listeners.add(listener);
    this.listeners.set(table, listeners);
    return () => listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
