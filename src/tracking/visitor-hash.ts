import { createHash, randomBytes } from "node:crypto";
import type { Store } from "../store/store.js";

function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Pseudonymous visitor ids: sha256 of a random salt of the day, the IP address and the user agent.
 * The salt is replaced every UTC day and the old one deleted, so a hash cannot be traced back to
 * an address once the day is over (Plausible's scheme).
 */
export class VisitorHasher {
  private unsaved = false;

  private constructor(
    private day: string,
    private salt: string,
  ) {}

  static async load(store: Store, now = Date.now()): Promise<VisitorHasher> {
    const day = utcDay(now);
    const [row] = await store.all<{ salt: string }>(
      "SELECT salt FROM visitor_salts WHERE day = CAST($day AS DATE)",
      {
        day,
      },
    );
    const hasher = new VisitorHasher(day, row?.salt ?? randomBytes(32).toString("base64"));
    hasher.unsaved = row === undefined;
    await hasher.save(store);
    return hasher;
  }

  hash(ip: string, userAgent: string, now = Date.now()): string {
    const day = utcDay(now);
    if (day !== this.day) {
      this.day = day;
      this.salt = randomBytes(32).toString("base64");
      this.unsaved = true;
    }
    return createHash("sha256")
      .update(this.salt)
      .update("\0")
      .update(ip)
      .update("\0")
      .update(userAgent)
      .digest("base64url");
  }

  /** Stores a new day's salt and forgets the older ones. */
  async save(store: Store): Promise<void> {
    if (!this.unsaved) return;
    const { day, salt } = this;
    await store.run("INSERT OR REPLACE INTO visitor_salts (day, salt) VALUES (CAST($day AS DATE), $salt)", {
      day,
      salt,
    });
    await store.run("DELETE FROM visitor_salts WHERE day < CAST($day AS DATE)", { day });
    if (day === this.day) this.unsaved = false;
  }
}
