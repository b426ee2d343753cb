import assert from "node:assert/strict";
import { test } from "node:test";
import { ImportError } from "../../src/ingest/import-error.js";
import { conversionFiles, openSession, snapshot } from "./helpers.js";

const csv = conversionFiles("socialroi-first-import-");

// A table's first import is written straight from the file; these are the checks it keeps.
test("a first import with an amount in a currency without a rate is refused, naming its row, and stores nothing", async () => {
  const session = await openSession();
  const before = await snapshot(session);
  const file = csv("no-rate.csv", [
    "o-1,2026-03-04T10:00:00Z,sale,80,EUR,facebook,launch,c-1,",
    "o-2,2026-03-05T10:00:00Z,sale,40,EUR,facebook,launch,c-2,",
    "o-3,2026-03-06T10:00:00Z,sale,30,GBP,facebook,launch,c-3,",
  ]);
  await assert.rejects(session.importPath(file), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.match(
      error.message,
      /row 3, column "currency": found "GBP"; expected a currency with a rate to EUR/,
    );
    return true;
  });
  assert.equal(await snapshot(session), before);
  assert.deepEqual(await session.rows("SELECT count(*) AS n FROM import_runs"), [{ n: 0 }]);
});

test("a first import repeating a key keeps the first row and says so", async () => {
  const session = await openSession();
  const report = await session.importPath(
    csv("repeated.csv", [
      "o-1,2026-03-04T10:00:00Z,sale,80,EUR,facebook,launch,c-1,",
      "o-1,2026-03-04T10:00:00Z,sale,99,EUR,facebook,launch,c-1,",
      "o-2,2026-03-05T10:00:00Z,lead,,,linkedin,launch,c-2,",
    ]),
  );
  assert.deepEqual(
    report.tables.map((t) => [t.table, t.inserted, t.repeated]),
    [["conversions", 2, 1]],
  );
  assert.match(report.warnings.join("\n"), /1 rows of conversions repeat a key/);
  assert.deepEqual(await session.rows("SELECT conversion_id, value FROM conversions ORDER BY 1"), [
    { conversion_id: "o-1", value: 80 },
    { conversion_id: "o-2", value: null },
  ]);
});
