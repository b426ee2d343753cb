import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import fc from "fast-check";
import { ImportError } from "../../src/ingest/import-error.js";
import { NATIVE_FIXTURES, openSession, snapshot } from "./helpers.js";

const RUNS_PER_READER = 30;
let inputsTried = 0;

/** Ways a real export gets damaged: cut short, lines reordered or lost, re-encoded, overwritten. */
function damaged(original: Buffer): fc.Arbitrary<Buffer> {
  const text = original.toString("utf8");
  const lines = text.split("\n");
  return fc.oneof(
    fc.nat({ max: original.length }).map((n) => original.subarray(0, n)),
    fc.shuffledSubarray(lines, { minLength: 0 }).map((l) => Buffer.from(l.join("\n"))),
    fc
      .constantFrom("latin1", "utf16le", "ascii")
      .map((encoding) => Buffer.from(text, encoding as BufferEncoding)),
    fc
      .array(fc.tuple(fc.nat({ max: Math.max(original.length - 1, 0) }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 20,
      })
      .map((flips) => {
        const copy = Buffer.from(original);
        for (const [at, byte] of flips) copy[at] = byte;
        return copy;
      }),
    fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
    fc
      .array(
        fc.array(
          fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', "-", "1.2K", "--", "Total", "")),
          { maxLength: 8 },
        ),
        { maxLength: 8 },
      )
      .map((rows) => Buffer.from([lines[0] ?? "", ...rows.map((r) => r.join(","))].join("\n"))),
  );
}

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  console.log(`property tests: ${inputsTried} damaged or random inputs tried`);
});

const fixtures = readdirSync(NATIVE_FIXTURES).filter((f) => f.endsWith(".csv"));

for (const name of fixtures) {
  test(`property: ${name} damaged in any way imports correctly or fails with an ImportError, leaving the store unchanged`, {
    timeout: 120_000,
  }, async () => {
    const original = readFileSync(join(NATIVE_FIXTURES, name));
    const session = await openSession();
    const dir = await mkdtemp(join(tmpdir(), "socialroi-prop-"));
    dirs.push(dir);
    const path = join(dir, name);
    await fc.assert(
      fc.asyncProperty(damaged(original), async (bytes) => {
        inputsTried++;
        await writeFile(path, bytes);
        const before = await snapshot(session);
        let first: Awaited<ReturnType<typeof session.importPath>>;
        try {
          first = await session.importPath(path, { year: 2024 });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          assert.equal(await snapshot(session), before, "a refused import changed the store");
          return;
        }
        assert.ok(first.tables.length > 0);
        const after = await snapshot(session);
        const again = await session.importPath(path, { year: 2024 });
        assert.ok(
          again.tables.every((t) => t.inserted === 0 && t.updated === 0),
          "a re-import changed rows",
        );
        assert.equal(await snapshot(session), after);
      }),
      { numRuns: RUNS_PER_READER, seed: 20240315 },
    );
  });
}
