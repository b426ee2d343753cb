import { mkdtempSync, writeFileSync } from "node:fs";
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
