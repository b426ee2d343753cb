/**
 * The redirect's memory of recent visitors (a ring and an open-addressing table) against a plain
 * oracle of the same rules, over random sequences of clicks, forgets, expiries and lookups: few
 * visitors and links and a small capacity, so that collisions, wrap-arounds and deletions in
 * probe chains all happen many times; in a quarter of the sequences thousands of visitors, a
 * capacity of thousands of clicks and a window long enough to fill it. Visitors and click ids
 * include texts too long or not ASCII for their place (stored hashed, and aside).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { seededRandom } from "../../src/domain/seeded-random.js";
import { RecentVisitors } from "../../src/tracking/recent-visitors.js";

interface Entry {
  visitor: string;
  link: string;
  clickId: string;
  expiresAt: number;
}

/** The rules, written plainly: a ring of the last `capacity` clicks, and the latest click of each visitor and link. */
class Oracle {
  private readonly ring: Entry[] = [];
  private readonly latest = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  clickId(visitor: string, link: string, now: number): string | undefined {
    const entry = this.latest.get(`${visitor}|${link}`);
    return entry && entry.expiresAt > now ? entry.clickId : undefined;
  }

  remember(visitor: string, link: string, clickId: string, expiresAt: number): void {
    if (this.ring.length === this.capacity) this.dropOldest();
    const entry = { visitor, link, clickId, expiresAt };
    this.ring.push(entry);
    this.latest.set(`${visitor}|${link}`, entry);
  }

  forget(visitor: string, link: string): void {
    this.latest.delete(`${visitor}|${link}`);
  }

  forgetExpired(now: number): void {
    while (this.ring.length > 0 && this.ring[0]!.expiresAt <= now) this.dropOldest();
  }

  private dropOldest(): void {
    const entry = this.ring.shift()!;
    const key = `${entry.visitor}|${entry.link}`;
    if (this.latest.get(key) === entry) this.latest.delete(key);
  }
}

const SEQUENCES = 200;
const STEPS = 3000;

test("recent visitors answer as the plain rules do, over random sequences", () => {
  for (let sequence = 0; sequence < SEQUENCES; sequence++) {
    const random = seededRandom(sequence + 1);
    const pick = (n: number) => Math.floor(random() * n);
    const large = sequence % 4 === 0;
    const capacity = large ? 1000 + pick(2000) : 1 + pick(300);
    const window = large ? 600 : 50;
    const visitorText = (i: number) =>
      [`v${i}-${pick(1e6).toString(36)}`, `v${i}-é`, `v${i}-${"x".repeat(40 + pick(10))}`][
        pick(10) < 8 ? 0 : 1 + pick(2)
      ]!;
    const visitors = Array.from({ length: 1 + pick(large ? 3000 : 60) }, (_, i) => visitorText(i));
    const links = Array.from({ length: 1 + pick(5) }, (_, i) => `lnk_${i}`);
    const fast = new RecentVisitors(capacity);
    const oracle = new Oracle(capacity);
    let now = 0;
    for (let step = 0; step < STEPS; step++) {
      const visitor = visitors[pick(visitors.length)]!;
      const link = links[pick(links.length)]!;
      const roll = random();
      // Expiries grow with time, as the recorder's do (a window after each click). Large sequences
      // click slowly for their first third (old clicks expire: the ring's start moves on), then
      // fast (the ring fills).
      now += large ? (step < STEPS / 3 ? 2 : Number(pick(4) === 0)) : pick(3);
      if (roll < 0.6) {
        const clickId = `clk_${sequence}_${step}${pick(10) === 0 ? `_${"y".repeat(20)}` : ""}`;
        fast.remember(visitor, link, clickId, now + window);
        oracle.remember(visitor, link, clickId, now + window);
      } else if (roll < 0.7) {
        fast.forget(visitor, link);
        oracle.forget(visitor, link);
      } else if (roll < 0.75) {
        fast.forgetExpired(now);
        oracle.forgetExpired(now);
      }
      for (const other of [visitor, visitors[pick(visitors.length)]!]) {
        assert.equal(
          fast.clickId(other, link, now),
          oracle.clickId(other, link, now),
          `sequence ${sequence}, step ${step}: ${other} on ${link}`,
        );
      }
    }
  }
});
