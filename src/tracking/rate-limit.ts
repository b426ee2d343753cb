/**
 * Token bucket per client address: `burst` requests at once, refilled at `perMinute`. Buckets of
 * addresses idle long enough to be full again are dropped, so memory follows the active clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private lastSweep = 0;

  constructor(
    perMinute: number,
    private readonly burst: number,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes `count` tokens for `key`; false (taking none) when the bucket holds fewer. */
  take(key: string, now = Date.now(), count = 1): boolean {
    const bucket = this.refilled(key, now);
    if (bucket.tokens < count) return false;
    bucket.tokens -= count;
    return true;
  }

  /** Whole tokens `key` could take now. */
  available(key: string, now = Date.now()): number {
    return Math.floor(this.refilled(key, now).tokens);
  }

  private refilled(key: string, now: number): { tokens: number; at: number } {
    if (now - this.lastSweep > 60_000) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    const refillMs = this.burst / this.perMs;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > refillMs) this.buckets.delete(key);
  }
}

/** Requests per minute per address, from `SOCIALROI_RATE_LIMIT` (0 turns limiting off). */
export function rateLimitFromEnv(fallback: number): number {
  const value = Number(process.env["SOCIALROI_RATE_LIMIT"]);
  return Number.isFinite(value) && process.env["SOCIALROI_RATE_LIMIT"] !== undefined && value >= 0
    ? value
    : fallback;
}
