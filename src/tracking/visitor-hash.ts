import { hash, randomBytes } from "node:crypto";
import type { Store } from "../store/store.js";

const DAY_MS = 24 * 60 * 60 * 1000;

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
  /** When the salt's day ends: checking this costs less than formatting the day on every click. */
  private dayEndsAt: number;

  private constructor(
    private day: string,
    private salt: string,
  ) {
    this.dayEndsAt = Date.parse(day) + DAY_MS;
  }

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
    if (now >= this.dayEndsAt || now < this.dayEndsAt - DAY_MS) this.startDay(now);
    return hash("sha256", `${this.salt}\0${ip}\0${userAgent}`, "base64url");
  }

  private startDay(now: number): void {
    const day = utcDay(now);
    this.dayEndsAt = Date.parse(day) + DAY_MS;
    if (day === this.day) return;
    this.day = day;
    this.salt = randomBytes(32).toString("base64");
    this.unsaved = true;
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
