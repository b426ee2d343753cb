import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { ErrorBody } from "../../src/api/errors.js";
import { newId } from "../../src/domain/ids.js";
import { ImportError } from "../../src/ingest/import-error.js";
import { importFile } from "../../src/ingest/import-file.js";
import { type TestServer, tempDir } from "../tracking/helpers.js";
import { exampleServer, readAll } from "./example-server.js";

/**
 * Issue 13, item 6: a value rule's outcome reached the ROI query as SQL text, so one holding a NUL
 * made ROI, goals and reports answer 500 for good. Outcomes no outcome in the data has value
 * nothing: after these rules, every figure must be what it was.
 */

const NUL = "a\u0000b";
const INJECTION = "x'); DROP TABLE costs; --";
const PROTOTYPE = "__proto__";
const RULES_HEADER = "outcome,unit_value,currency,valid_from,valid_to";

let server: TestServer;
let before_: Awaited<ReturnType<typeof readAll>>;
const temp = tempDir();

function file(name: string, content: string): string {
  const path = join(temp.dir, name);
  writeFileSync(path, content);
  return path;
}

before(async () => {
  server = await exampleServer();
  before_ = await readAll(server);
  for (const [path, read] of Object.entries(before_)) assert.equal(read.status, 200, `${path}: ${read.body}`);
});

after(async () => {
  await server.close();
  temp.remove();
});

/** A rule from February: the API's rules start in January, so the import adds rows instead of updating them. */
function csvLine(outcome: string, value: number): string {
  return `"${outcome.replaceAll('"', '""')}",${value},EUR,2026-02-01,`;
}

test("outcomes with quotes, SQL and prototype keys are stored through the API and imports as they are", async () => {
  for (const outcome of [INJECTION, PROTOTYPE]) {
    const response = await server.api("/api/value-rules", {
      body: { outcome, unit_value: 7, currency: "EUR", valid_from: "2026-01-01" },
    });
    assert.equal(response.status, 201, await response.text());
  }
  await importFile(server.store, server.workspace, {
    path: file("rules.csv", [RULES_HEADER, csvLine(INJECTION, 9), csvLine(PROTOTYPE, 9)].join("\n")),
  });
  const stored = await server.store.all<{ outcome: string; n: number }>(
    "SELECT outcome, count(*) AS n FROM value_rules WHERE outcome IN ($a, $b) GROUP BY outcome ORDER BY outcome",
    { a: INJECTION, b: PROTOTYPE },
  );
  assert.deepEqual(stored, [
    { outcome: PROTOTYPE, n: 2 },
    { outcome: INJECTION, n: 2 },
  ]);
});

test("an outcome with a control character or of 101 characters is refused at the API, with the reason", async () => {
  for (const outcome of [NUL, "line\nbreak", "o".repeat(101)]) {
    const response = await server.api("/api/value-rules", {
      body: { outcome, unit_value: 7, currency: "EUR" },
    });
    assert.equal(response.status, 400);
    const issues = ((await response.json()) as ErrorBody).error.details?.issues;
    assert.equal(issues?.[0]?.path, "outcome");
    assert.match(issues?.[0]?.message ?? "", /control character|longer than 100/);
  }
});

test("an outcome with a control character is refused by the import, naming the row and column", async () => {
  await assert.rejects(
    importFile(server.store, server.workspace, {
      path: file("nul-rules.csv", [RULES_HEADER, csvLine("lead", 1), csvLine(NUL, 2)].join("\n")),
    }),
    (error: unknown) =>
      error instanceof ImportError &&
      error.problems[0]?.row === 2 &&
      error.problems[0]?.column === "outcome" &&
      /control character/.test(error.problems[0]?.expected ?? ""),
  );
});

test("ROI, goals, attribution and the report answer as before, even with a NUL outcome stored earlier", async () => {
  // A rule written before outcomes were checked at the doors.
  await server.store.run(
    `INSERT INTO value_rules (rule_id, workspace_id, outcome, unit_value, currency)
     VALUES ($id, $ws, $outcome, 5, 'EUR')`,
    { id: newId("vr"), ws: server.workspace.id, outcome: NUL },
  );
  const reads = await readAll(server);
  for (const [path, read] of Object.entries(reads)) {
    assert.equal(read.status, 200, `${path}: ${read.body}`);
    if (!path.startsWith("/api/report"))
      assert.deepEqual(JSON.parse(read.body), JSON.parse(before_[path]!.body), path);
  }
  const summary = (csv: string) => csv.split("\n").filter((line) => line.startsWith("Summary,"));
  assert.deepEqual(
    summary(reads["/api/report?format=csv"]!.body),
    summary(before_["/api/report?format=csv"]!.body),
  );
});
