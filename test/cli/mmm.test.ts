import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DEMO_AD_ROI } from "../../src/demo/build-demo.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { CONVERSION_HEADER, COST_HEADER } from "../helpers.js";
import { seriesCsv } from "../mmm/series-csv.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "socialroi-cli-mmm-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function simulatedCsv(): string {
  const { series } = simulateSeries({ seed: 3, cadence: "weekly", years: 2, channels: 3 });
  return seriesCsv({ ...series, controls: [] });
}

test("mmm --series --json gives each channel's contribution and ROI with intervals, the fit and the plan", () => {
  const result = runCli([
    "mmm",
    "--series",
    write("series.csv", simulatedCsv()),
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

  const text = runCli([
    "mmm",
    "--series",
    join(dir, "series.csv"),
    "--kpi",
    "revenue",
    ...["--move", "100", "--move-from", "channel_1", "--move-to", "channel_2"],
  ]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /What if 100 per week moved from channel_1 to channel_2: revenue per week would change by -?[0-9]+ \(-?[0-9]+–-?[0-9]+\), every other channel as today\./,
  );
  const halfMove = runCli([
    "mmm",
    "--series",
    join(dir, "series.csv"),
    "--move",
    "100",
    "--move-from",
    "channel_1",
  ]);
  assert.equal(halfMove.status, 1);
  assert.match(halfMove.stderr, /--move, --move-from and --move-to: a what-if move needs all three/);
  assert.match(text.stdout, /Marketing mix model of revenue, 104 weeks/);
  assert.match(text.stdout, /channel_2/);
  assert.match(
    text.stdout,
    /\n\nThe model read 104 weeks of data, from 2 January 2023 to 23 December 2024\. It learns from how the KPI rose and fell/,
  );
  assert.deepEqual(report.notes.slice(0, 3), [
    { code: "history", periods: 104, cadence: "weekly", from: "2023-01-02", to: "2024-12-23" },
    { code: "correlation_over_time" },
    { code: "needs_spend_variation" },
  ]);
  assert.doesNotMatch(result.stdout, /The model read/);
});

test("mmm --lift takes lift tests in, reports ROI before and after, and states a disagreement", () => {
  const { series, truth } = simulateSeries({ seed: 3, cadence: "weekly", years: 2, channels: 3 });
  const window = truth[0]!.contributionByPeriod.slice(40, 66).reduce((sum, v) => sum + v, 0);
  const lift = (factor: number) =>
    write(
      `lift-${factor}.csv`,
      `channel,start,end,incremental,low,high\nchannel_1,${series.dates[40]},${series.dates[65]},${factor * window},${0.8 * factor * window},${1.2 * factor * window}\n`,
    );
  const file = write("series.csv", simulatedCsv());
  const json = runCli(["mmm", "--series", file, "--lift", lift(1), "--json"]);
  assert.equal(json.status, 0, json.stderr);
  const { calibration } = JSON.parse(json.stdout);
  assert.equal(calibration.tests[0].disagrees, false);
  const first = calibration.channels[0];
  assert.ok(first.roi_after_high - first.roi_after_low < first.roi_before_high - first.roi_before_low);

  const wrong = runCli(["mmm", "--series", file, "--kpi", "revenue", "--lift", lift(3)]);
  assert.equal(wrong.status, 0, wrong.stderr);
  assert.match(wrong.stdout, /Lift tests taken in/);
  assert.match(
    wrong.stdout,
    /The lift test of channel_1 from 2023-10-09 to 2024-04-01 measured \d+ \(\d+–\d+\) revenue where the data alone give .*: they disagree/,
  );

  const unknown = write(
    "unknown.csv",
    "channel,start,end,incremental,low,high\ntiktok,2023-10-09,2024-04-01,10,5,15\n",
  );
  const refused = runCli(["mmm", "--series", file, "--lift", unknown]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /unknown\.csv: the lift test of "tiktok" names no channel of the data/);
});

test("a bad series file is refused with its line, column and what was expected", () => {
  const lines = simulatedCsv().split("\n");
  lines[2] = lines[2]!.replace(/,[^,]*$/, ",-5");
  lines[4] = `2024-02-30${lines[4]!.slice(10)}`;
  const bad = write("bad.csv", lines.join("\n"));
  const result = runCli(["mmm", "--series", bad, "--json"]);
  assert.equal(result.status, 1);
  const { error } = JSON.parse(result.stderr);
  assert.match(error, /bad\.csv, line 3, column "spend_channel_3": found "-5"; expected an amount from 0 to/);
  assert.match(error, /bad\.csv, line 5, column "date": found "2024-02-30"; expected a date YYYY-MM-DD/);

  const header = runCli(["mmm", "--series", write("header.csv", "day,sales\n2026-01-05,3\n")]);
  assert.equal(header.status, 1);
  assert.match(
    header.stderr,
    /header\.csv, line 1: found "day,sales"; expected a header date,kpi,spend_<channel>/,
  );
});

test("a series and lift tests re-saved by a European Excel answer as the plain files do; their problems name the file's lines", () => {
  const fixture = (name: string) => join(import.meta.dirname, "..", "mmm", "fixtures", name);
  const answer = (series: string) =>
    runCli(["mmm", "--series", fixture(series), "--lift", fixture("lift-european.csv"), "--json"]);
  const european = answer("weekly-european.csv");
  assert.equal(european.status, 0, european.stderr);
  assert.equal(JSON.parse(european.stdout).calibration.tests.length, 1);
  assert.equal(european.stdout, answer("weekly.csv").stdout);

  const bad = runCli(["mmm", "--series", fixture("weekly-european-bad.csv")]);
  assert.equal(bad.status, 1);
  assert.match(
    bad.stderr,
    /weekly-european-bad\.csv, line 4, column "date": found "31\/02\/2023"; expected a date dd\/mm\/yyyy/,
  );
});

test("--full-cost reads the workspace's costs, so a --series file refuses it", () => {
  const result = runCli(["mmm", "--series", write("full.csv", simulatedCsv()), "--full-cost"]);
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /--full-cost reads the workspace's costs: a --series file brings its own spend/,
  );
});

test("a series too short for a model is refused, not fitted", () => {
  const short = write("short.csv", simulatedCsv().split("\n").slice(0, 21).join("\n"));
  const result = runCli(["mmm", "--series", short]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /short\.csv: 20 periods are too few/);
  assert.equal(result.stdout, "");
});

test("mmm without --series models the workspace's ad spend per network against its revenue", () => {
  const { series } = simulateSeries({ seed: 11, cadence: "daily", years: 0.5, channels: 2 });
  const networks = ["facebook", "linkedin"];
  const db = join(dir, "store.duckdb");
  assert.equal(runCli(["init", "--currency", "EUR", "--name", "Acme", "--db", db]).status, 0);
  const costs = series.dates.flatMap((date, d) =>
    series.channels.map((channel, c) => `${date},,ads,${channel.spend[d]},EUR,${networks[c]},,,`),
  );
  const sales = series.dates.map(
    (date, d) => `s${d},${date}T12:00:00Z,sale,${series.kpi[d]!.toFixed(2)},EUR,,,,`,
  );
  const imported = runCli([
    "import",
    write("costs.csv", [COST_HEADER, ...costs].join("\n")),
    write("conversions.csv", [CONVERSION_HEADER, ...sales].join("\n")),
    "--db",
    db,
  ]);
  assert.equal(imported.status, 0, imported.stderr);

  // A network by another of its names, as the dashboard and the API read it.
  const result = runCli([
    "mmm",
    "--db",
    db,
    "--json",
    "--move",
    "10",
    "--move-from",
    "FB",
    "--move-to",
    "LinkedIn",
  ]);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.kpi, "revenue");
  assert.deepEqual([report.move.from, report.move.to, report.move.amount], ["facebook", "linkedin", 10]);
  assert.equal(report.periods, series.dates.length);
  assert.equal(report.from, series.dates[0]);
  assert.deepEqual(
    report.channels.map((c: { channel: string; spend: number }) => [c.channel, Math.round(c.spend)]),
    series.channels.map((channel, c) => [networks[c], Math.round(channel.spend.reduce((a, b) => a + b, 0))]),
  );

  const french = runCli(["mmm", "--db", db, "--locale", "fr"]);
  assert.equal(french.status, 0, french.stderr);
  assert.match(french.stdout, /Le modèle a lu \d+ jours de données, du 2 janvier 2023 au/);

  // Half a year is 26 whole weeks, too few once the last weeks are held out.
  const weekly = runCli(["mmm", "--db", db, "--cadence", "week"]);
  assert.equal(weekly.status, 1);
  assert.match(weekly.stderr, /socialroi: 2023-01-02 to 2023-07-03: 26 periods are too few/);
});

test("socialroi demo, then mmm --cadence week: each network's ROI answered, its interval holding the demo's truth", () => {
  const db = join(dir, "demo.duckdb");
  assert.equal(runCli(["demo", "--db", db]).status, 0);
  const result = runCli(["mmm", "--db", db, "--cadence", "week", "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.cadence, "weekly");
  assert.ok(report.periods > 100, `${report.periods} weeks`);
  assert.deepEqual(
    report.channels.map((c: { channel: string }) => c.channel),
    Object.keys(DEMO_AD_ROI).sort(),
  );
  for (const channel of report.channels) {
    const truth = DEMO_AD_ROI[channel.channel]!;
    assert.ok(channel.roi_low <= truth && truth <= channel.roi_high, JSON.stringify(channel));
  }
  assert.ok(report.fit.r2 > 0.5 && report.fit.holdout_mape < 0.15, JSON.stringify(report.fit));
});
