import { hash, randomBytes } from "node:crypto";
import { SALT_PREFIX, saltName } from "../store/secret-file.js";
import type { Secrets } from "../store/store.js";

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Pseudonymous visitor ids: sha256 of a random salt of the day, the IP address and the user agent.
 * The salt is replaced at every UTC midnight and the old one deleted, so a hash cannot be traced
 * back to an address once the day is over (Plausible's scheme). A timer does it on time, whether
 * or not a click comes; the salt of the day is kept in the secret file, so that a restart within
 * the day keeps telling the same visitors apart.
 */
export class VisitorHasher {
  /** No day until the first rotation. */
  private day = "";
  private salt = "";
  /** When the salt's day ends: checking this costs less than formatting the day on every click. */
  private dayEndsAt = 0;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly secrets: Secrets) {}

  static start(secrets: Secrets, now = Date.now()): VisitorHasher {
    const hasher = new VisitorHasher(secrets);
    hasher.rotate(now);
    return hasher;
  }

  hash(ip: string, userAgent: string, now = Date.now()): string {
    // The timer can be late (a busy event loop, a machine waking up): no click waits for it.
    if (now >= this.dayEndsAt || now < this.dayEndsAt - DAY_MS) this.rotate(now);
    return hash("sha256", `${this.salt}\0${ip}\0${userAgent}`, "base64url");
  }

  /** Takes the salt of `now`'s day (a new one unless stored), deletes every other, and waits for the next day. */
  private rotate(now: number): void {
    const day = utcDay(now);
    this.dayEndsAt = Date.parse(day) + DAY_MS;
    if (day !== this.day) {
      const name = saltName(day);
      const stored = this.secrets.get(name);
      const stale = this.secrets.names(SALT_PREFIX).filter((other) => other !== name);
      this.day = day;
      this.salt = stored ?? randomBytes(32).toString("base64");
      if (stale.length > 0)
        this.secrets.update(stale.map((other): [string, undefined] => [other, undefined]));
      // Another server may have made the day's salt first: every server then hashes with that one.
      if (!stored)
        void this.secrets.claim(name, this.salt).then((kept) => {
          if (this.day === day) this.salt = kept;
        });
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rotate(Date.now()), this.dayEndsAt - now);
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
