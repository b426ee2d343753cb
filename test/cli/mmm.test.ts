import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "socialroi-cli-mmm-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function seriesCsv(): string {
  const { series } = simulateSeries({ seed: 3, cadence: "weekly", years: 2, channels: 3 });
  const header = ["date", "kpi", ...series.channels.map((c) => `spend_${c.name}`)];
  const rows = series.dates.map((date, t) =>
    [date, series.kpi[t]!.toFixed(2), ...series.channels.map((c) => c.spend[t]!)].join(","),
  );
  return `${[header.join(","), ...rows].join("\n")}\n`;
}

test("mmm --series --json gives each channel's contribution and ROI with intervals, the fit and the plan", () => {
  const result = runCli([
    "mmm",
    "--series",
    write("series.csv", seriesCsv()),
    "--kpi",
    "revenue",
    "--plan",
    "--json",
  ]);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.kpi, "revenue");
  assert.equal(report.interval, 0.9);
  assert.deepEqual(
    report.channels.map((c: { channel: string }) => c.channel),
    ["channel_1", "channel_2", "channel_3"],
  );
  for (const channel of report.channels) {
    for (const field of [
      "spend",
      "contribution",
      "contribution_low",
      "contribution_high",
      "roi",
      "roi_low",
      "roi_high",
      "marginal_roi",
    ])
      assert.equal(typeof channel[field], "number", field);
    assert.ok(channel.roi_low <= channel.roi && channel.roi <= channel.roi_high);
  }
  assert.ok(
    report.fit.r2 > 0.5 && report.fit.mape > 0 && report.fit.holdout_mape > 0,
    JSON.stringify(report.fit),
  );

  const plan = report.budget_plan;
  assert.equal(plan.period_days, 7);
  const planned = plan.channels.reduce((sum: number, c: { planned: number }) => sum + c.planned, 0);
  assert.ok(Math.abs(planned - plan.budget) < 1e-6 * plan.budget);
  assert.ok(plan.gain_low <= plan.gain && plan.gain <= plan.gain_high);

  const text = runCli(["mmm", "--series", join(dir, "series.csv"), "--kpi", "revenue"]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Marketing mix model of revenue, 104 weeks/);
  assert.match(text.stdout, /channel_2/);
});

test("a bad series file is refused with its row, column and what was expected", () => {
  const lines = seriesCsv().split("\n");
  lines[2] = lines[2]!.replace(/,[^,]*$/, ",-5");
  lines[4] = `2024-02-30${lines[4]!.slice(10)}`;
  const bad = write("bad.csv", lines.join("\n"));
  const result = runCli(["mmm", "--series", bad, "--json"]);
  assert.equal(result.status, 1);
  const { error } = JSON.parse(result.stderr);
  assert.match(error, /bad\.csv, row 2, column "spend_channel_3": found "-5"; expected an amount from 0 to/);
  assert.match(error, /bad\.csv, row 4, column "date": found "2024-02-30"; expected a day from 1970-01-01/);

  const header = runCli(["mmm", "--series", write("header.csv", "day,sales\n2026-01-05,3\n")]);
  assert.equal(header.status, 1);
  assert.match(
    header.stderr,
    /header\.csv, row 0: found "day,sales"; expected a header date,kpi,spend_<channel>/,
  );
});

test("a series too short for a model is refused, not fitted", () => {
  const short = write("short.csv", seriesCsv().split("\n").slice(0, 21).join("\n"));
  const result = runCli(["mmm", "--series", short]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /short\.csv: 20 periods are too few/);
  assert.equal(result.stdout, "");
});
