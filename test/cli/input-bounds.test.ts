import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { COST_HEADER } from "../helpers.js";
import { runCli } from "./run-cli.js";

/**
 * Issue 13, item 9, on the command line: `roi --from 2026-02-30` printed "Unexpected error:
 * Conversion Error". Days that do not exist or fall outside 1970–2100 are refused with the option
 * and the reason, and exit non-zero; so are files holding them, and the reads work afterwards.
 */

const dir = mkdtempSync(join(tmpdir(), "socialroi-cli-bounds-"));
const db = join(dir, "test.duckdb");
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

before(() => {
  assert.equal(runCli(["init", "--currency", "EUR", "--db", db]).status, 0);
  const costs = write("costs.csv", `${COST_HEADER}\n2026-03-01,2026-03-31,ads,310,EUR,facebook,spring,,\n`);
  assert.equal(runCli(["import", costs, "--db", db]).status, 0);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("options with a day that does not exist or is out of bounds are refused with the option and the reason", () => {
  for (const [args, message] of [
    [["roi", "--from", "2026-02-30"], "--from: 2026-02-30 is not a date"],
    [["roi", "--to", "9999-12-31"], "--to: 9999-12-31 is after 2100"],
    [["costs", "--from", "0001-01-01"], "--from: 0001-01-01 is before 1970"],
    [["goals", "--at", "2026-13-01"], "--at: 2026-13-01 is not a date"],
    [["report", "--from", "1969-12-31", "--format", "csv"], "--from: 1969-12-31 is before 1970"],
    [["attribution", "--from", "2026-02-29", "--to", "2026-03-31"], "--from: 2026-02-29 is not a date"],
  ] as const) {
    const result = runCli([...args, "--db", db]);
    assert.notEqual(result.status, 0, args.join(" "));
    assert.ok(result.stderr.includes(message), `${args.join(" ")}: ${result.stderr}`);
    assert.ok(!result.stderr.includes("Unexpected error"), result.stderr);
  }
});

test("a file with such a day or a huge amount is refused with its row and column, and the reads still work", () => {
  const bad = write(
    "bad-costs.csv",
    `${COST_HEADER}\n0001-01-01,,ads,5,EUR,,,,\n2026-03-02,9999-12-31,ads,5,EUR,,,,\n2026-03-03,,ads,1e308,EUR,,,,\n`,
  );
  const result = runCli(["import", bad, "--db", db]);
  assert.notEqual(result.status, 0);
  for (const line of [
    'row 1, column "date": found "0001-01-01"; expected a day from 1970-01-01 to 2100-12-31',
    'row 2, column "end_date": found "9999-12-31"; expected a day from 1970-01-01 to 2100-12-31',
    'row 3, column "amount": found "1e308"; expected a number from -1e+12 to 1e+12',
  ])
    assert.ok(result.stderr.includes(line), result.stderr);
  const roi = runCli(["roi", "--json", "--db", db]);
  assert.equal(roi.status, 0, roi.stderr);
  assert.equal(JSON.parse(roi.stdout).total.cost, 310);
  const report = runCli(["report", "--format", "csv", "--out", join(dir, "report.csv"), "--db", db]);
  assert.equal(report.status, 0, report.stderr);
  const attribution = runCli(["attribution", "--from", "2026-03-01", "--to", "2026-03-31", "--db", db]);
  assert.equal(attribution.status, 0, attribution.stderr);
});
