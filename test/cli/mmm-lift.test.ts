import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { CONVERSION_HEADER, COST_HEADER } from "../helpers.js";
import { runCli } from "./run-cli.js";

/** socialroi mmm lift add|list|remove keep a workspace's lift tests, and socialroi mmm takes them in. */

const dir = mkdtempSync(join(tmpdir(), "socialroi-cli-mmm-lift-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const { series } = simulateSeries({ seed: 11, cadence: "daily", years: 0.5, channels: 2 });
const NETWORKS = ["facebook", "linkedin"];
const db = join(dir, "store.duckdb");

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n"));
  return path;
}

function ok(args: string[]): string {
  const result = runCli([...args, "--db", db]);
  assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function refused(args: string[]): string {
  const result = runCli([...args, "--db", db]);
  assert.equal(result.status, 1, result.stdout);
  return result.stderr;
}

test("lift tests are added, listed and removed, and socialroi mmm takes the stored ones in with those of --lift", () => {
  ok(["init", "--currency", "EUR", "--name", "Acme"]);
  ok([
    "import",
    write("costs.csv", [
      COST_HEADER,
      ...series.dates.flatMap((date, d) =>
        NETWORKS.map((network, c) => `${date},,ads,${series.channels[c]!.spend[d]},EUR,${network},,,`),
      ),
    ]),
    write("conversions.csv", [
      CONVERSION_HEADER,
      ...series.dates.map((date, d) => `s${d},${date}T12:00:00Z,sale,${series.kpi[d]!.toFixed(2)},EUR,,,,`),
    ]),
  ]);
  /** `mmm lift add` of a measure on facebook over four weeks, with `changes` to its options. */
  const add = (changes: Record<string, string> = {}) =>
    Object.entries({
      channel: "FB",
      start: series.dates[70]!,
      end: series.dates[97]!,
      incremental: "9000",
      low: "8000",
      high: "10000",
      ...changes,
    }).flatMap(([option, value]) => [`--${option}`, value]);
  const added = JSON.parse(
    ok(["mmm", "lift", "add", ...add({ note: "boosts paused in one region" }), "--json"]),
  );
  assert.match(added.lift_test_id, /^lift_/);
  assert.equal(added.channel, "facebook", "an alias is the network's id");
  assert.deepEqual(JSON.parse(ok(["mmm", "lift", "list", "--json"])), { lift_tests: [added] });
  const listed = ok(["mmm", "lift", "list"]);
  assert.match(
    listed,
    new RegExp(
      `${added.lift_test_id} +facebook +${series.dates[70]} – ${series.dates[97]} +revenue +9000 \\(8000–10000\\) +boosts paused`,
    ),
  );
  const refusedAdd = (changes: Record<string, string>) => refused(["mmm", "lift", "add", ...add(changes)]);
  assert.match(refusedAdd({ incremental: "5" }), /incremental: expected low ≤ incremental ≤ high/);
  assert.match(refusedAdd({ channel: "tiktok" }), /socialroi: the workspace has no ad spend on "tiktok"/);
  assert.match(refusedAdd({ low: "lots" }), /--low: expected a number, got "lots"/);
  assert.match(
    refused(["mmm", "lift", "list", "--workspace", "ws_nobody"]),
    /No workspace has the id ws_nobody/,
  );

  const stored = JSON.parse(ok(["mmm", "--json"]));
  assert.deepEqual(
    stored.calibration.tests.map((t: { lift_test_id: string | null; channel: string }) => [
      t.lift_test_id,
      t.channel,
    ]),
    [[added.lift_test_id, "facebook"]],
  );
  const file = write("lift.csv", [
    "channel,start,end,incremental,low,high",
    `linkedin,${series.dates[100]},${series.dates[120]},500,300,700`,
  ]);
  const both = JSON.parse(ok(["mmm", "--lift", file, "--json"]));
  assert.deepEqual(
    both.calibration.tests.map((t: { lift_test_id: string | null; channel: string }) => [
      t.lift_test_id,
      t.channel,
    ]),
    [
      [added.lift_test_id, "facebook"],
      [null, "linkedin"],
    ],
  );
  const text = ok(["mmm"]);
  assert.match(text, /Lift tests taken in/);
  assert.match(text, /A lift test was taken in as evidence/);

  assert.match(
    ok(["mmm", "lift", "remove", added.lift_test_id]),
    new RegExp(`Lift test ${added.lift_test_id} removed`),
  );
  assert.deepEqual(JSON.parse(ok(["mmm", "lift", "list", "--json"])), { lift_tests: [] });
  assert.match(
    refused(["mmm", "lift", "remove", added.lift_test_id]),
    /No lift test lift_\w+ in this workspace/,
  );
  assert.equal(JSON.parse(ok(["mmm", "--json"])).calibration, undefined, "no test: no calibration");
});
