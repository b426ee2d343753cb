import assert from "node:assert/strict";
import { test } from "node:test";
import { readTableFile } from "../../src/ingest/read-table-file.js";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { seriesFromTable } from "../../src/mmm/read-series.js";
import { MmmDataError } from "../../src/mmm/series.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { readStoreSeries } from "../../src/mmm/store-series.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { CONVERSION_HEADER, COST_HEADER, POST_HEADER, testWorkspace } from "../helpers.js";
import { PERIOD, seededStore } from "../reports/fixtures.js";
import { seriesCsv } from "./series-csv.js";

const QUICK = { sampler: { burnIn: 50, sweeps: 150 }, holdout: false, seed: 5 } as const;
const NETWORKS = ["facebook", "linkedin"];

test("a series read from the store is the simulated one, and fits as the same series written to a CSV", async () => {
  const { series } = simulateSeries({ seed: 11, cadence: "daily", years: 0.5, channels: 2 });
  const t = await testWorkspace();
  const costs = series.dates.flatMap((date, d) =>
    series.channels.map((channel, c) => `${date},,ads,${channel.spend[d]},EUR,${NETWORKS[c]},,,`),
  );
  // Neither a tool with a network nor ads without one are a channel's spend.
  costs.push(`${series.dates[3]},,tools,500,EUR,facebook,,,`, `${series.dates[4]},,ads,700,EUR,,,,`);
  await t.load("costs.csv", [COST_HEADER, ...costs].join("\n"));
  const kpi = series.kpi.map((v) => Math.round(v * 100) / 100);
  const sales = series.dates.map((date, d) => `s${d},${date}T12:00:00Z,sale,${kpi[d]},EUR,,,,`);
  await t.load("conversions.csv", [CONVERSION_HEADER, ...sales].join("\n"));
  const period = { from: series.dates[0]!, to: series.dates[series.dates.length - 1]! };

  const stored = await readStoreSeries(t.store, t.workspace, period, "revenue", "day");
  assert.deepEqual(stored, {
    dates: series.dates,
    kpi,
    channels: series.channels.map((channel, c) => ({ name: NETWORKS[c], spend: channel.spend })),
    controls: [],
  });
  const file = t.file("series.csv", seriesCsv(stored));
  assert.deepEqual(fitMmm(stored, QUICK), fitMmm(seriesFromTable(await readTableFile(file)), QUICK));
  await t.close();
});

test("weeks are whole ISO weeks; revenue nets refunds and converts currencies; counts, spread costs and organic controls", async () => {
  const t = await testWorkspace();
  await t.load("rates.csv", "date,currency,rate_to_reporting\n2026-03-01,USD,0.5\n");
  await t.load(
    "costs.csv",
    [
      COST_HEADER,
      // Sunday before the first whole week: left out.
      "2026-03-01,,ads,1000,EUR,facebook,,,",
      // 14 days from Monday 2 March: 70 in each of the first two weeks.
      "2026-03-02,2026-03-15,ads,140,EUR,facebook,,,",
      "2026-03-10,,ads,100,USD,instagram,,,",
    ].join("\n"),
  );
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "a,2026-03-03T10:00:00Z,sale,80,EUR,,,,",
      "b,2026-03-04T10:00:00Z,refund,-30,EUR,,,,",
      "c,2026-03-11T10:00:00Z,sale,40,USD,,,,",
      "d,2026-03-12T10:00:00Z,lead,,,,,,",
      "e,2026-03-12T11:00:00Z,lead,,,,,,",
      "f,2026-03-17T10:00:00Z,signup,,,,,,",
    ].join("\n"),
  );
  await t.load(
    "posts.csv",
    [
      `${POST_HEADER},paid`,
      "p1,facebook,2026-03-05T10:00:00Z,photo,,,300,,,,,,,0",
      "p2,facebook,2026-03-06T10:00:00Z,photo,,,200,,,,,,,0",
      "p3,facebook,2026-03-16T10:00:00Z,photo,,,5000,,,,,,,1",
      "p4,x,2026-03-18T10:00:00Z,status,,,,,,,,,,0",
    ].join("\n"),
  );
  // Sunday 1 March to Saturday 21 March: the weeks of 2 and 9 March are whole, that of 16 March is not.
  const period = { from: "2026-03-01", to: "2026-03-21" };
  const weekly = (kpi: string) => readStoreSeries(t.store, t.workspace, period, kpi, "week");
  const revenue = await weekly("revenue");
  assert.deepEqual(revenue, {
    dates: ["2026-03-02", "2026-03-09"],
    kpi: [50, 20],
    channels: [
      { name: "facebook", spend: [70, 70] },
      { name: "instagram", spend: [0, 50] },
    ],
    controls: [
      { name: "posts_facebook", values: [2, 0] },
      { name: "impressions_facebook", values: [500, 0] },
    ],
  });
  assert.deepEqual((await weekly("leads")).kpi, [0, 2]);
  assert.deepEqual((await weekly("sales")).kpi, [1, 1]);
  const daily = await readStoreSeries(t.store, t.workspace, period, "signup", "day");
  assert.equal(daily.dates.length, 21);
  assert.equal(daily.kpi[16], 1);
  assert.deepEqual(
    daily.controls.map((control) => control.name),
    ["posts_facebook", "posts_x", "impressions_facebook"],
  );
  await t.close();
});

test("a store without ad spend per network, or with too short a history, is refused", async () => {
  const t = await testWorkspace();
  const year = { from: "2025-01-01", to: "2025-12-31" };
  await t.load("costs.csv", `${COST_HEADER}\n2025-01-01,2025-12-31,ads,3650,EUR,,,,\n`);
  await t.load("conversions.csv", `${CONVERSION_HEADER}\nz,2025-03-03T10:00:00Z,sale,80,EUR,,,,\n`);
  const unspent = await readStoreSeries(t.store, t.workspace, year, "revenue", "day");
  assert.deepEqual(unspent.channels, []);
  assert.throws(
    () => fitMmm(unspent, QUICK),
    (error: unknown) => error instanceof MmmDataError && error.problem === "no_channels",
  );
  await t.load("costs.csv", `${COST_HEADER}\n2026-03-02,2026-03-15,ads,140,EUR,facebook,,,\n`);
  await t.load("conversions.csv", `${CONVERSION_HEADER}\na,2026-03-03T10:00:00Z,sale,80,EUR,,,,\n`);
  const series = await readStoreSeries(
    t.store,
    t.workspace,
    { from: "2026-03-02", to: "2026-03-15" },
    "revenue",
    "day",
  );
  await t.close();
  assert.throws(
    () => fitMmm(series, QUICK),
    (error: unknown) => error instanceof MmmDataError && error.problem === "too_few_periods",
  );
});

test("with full costs a network's channel spends its allocated cost, day by day adding up to its ROI cost", async () => {
  const { store, workspace } = await seededStore();
  const ads = await readStoreSeries(store, workspace, PERIOD, "revenue", "day");
  const full = await readStoreSeries(store, workspace, PERIOD, "revenue", "day", { fullCost: true });
  const roi = await computeRoi(store, workspace, PERIOD, "network");
  const total = (spend: readonly number[]) => spend.reduce((sum, v) => sum + v, 0);
  // The fixture's tools and content are shared: every network that published takes a share.
  assert.deepEqual(
    full.channels.map((c) => c.name),
    ["facebook", "instagram", "linkedin", "x"],
  );
  for (const channel of full.channels) {
    const cost = roi.rows.find((row) => row.key === channel.name)!.cost;
    assert.ok(
      Math.abs(total(channel.spend) - cost) < 1e-6,
      `${channel.name}: ${total(channel.spend)} ≠ ${cost}`,
    );
  }
  const facebookAds = total(ads.channels.find((c) => c.name === "facebook")!.spend);
  assert.ok(total(full.channels[0]!.spend) > facebookAds, "more than the ad spend");
  await store.close();
});
