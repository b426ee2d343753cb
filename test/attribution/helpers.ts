import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ModelResult } from "../../src/attribution/types.js";

const directory = mkdtempSync(join(tmpdir(), "socialroi-attribution-"));

export function writeTemp(name: string, content: string): string {
  const file = join(directory, name);
  writeFileSync(file, content);
  return file;
}

export function creditOf(result: ModelResult | undefined, channel: string): number {
  return result?.channels.find((c) => c.channel === channel)?.conversions ?? Number.NaN;
}

export function assertClose(actual: number, expected: number, tolerance = 1e-9, what = ""): void {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${what} expected ${expected}, got ${actual}`);
  }
}

export const DAY = 86_400_000;

/** Same shape, same strings, numbers equal to 1e-9 (relative for large ones). */
export function assertSameReport(actual: unknown, expected: unknown, where = "report"): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", where);
    assertClose(actual as number, expected, 1e-9, where);
  } else if (expected !== null && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected), where);
    for (const [key, value] of Object.entries(expected)) {
      assertSameReport((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
  } else {
    assert.equal(actual, expected, where);
  }
}

/** Rows in a different order, seeded so a failure can be replayed. */
export function shuffledCopy(file: string, name: string): string {
  const [header, ...rows] = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  let seed = 12345;
  for (let i = rows.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return writeTemp(name, [header, ...rows].join("\n"));
}
