import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { loadStoreJourneys } from "../attribution/journeys-oracle.js";
import { CONVERSION_HEADER, testWorkspace } from "../helpers.js";

const PERIOD = { from: "2026-03-01", to: "2026-03-31" };
const TOUCH_HEADER = "customer_id,occurred_at,channel,network,campaign";

async function journeyWorkspace() {
  const t = await testWorkspace();
  await t.load(
    "touchpoints.csv",
    [
      TOUCH_HEADER,
      "c1,2026-03-01T10:00:00Z,Organic Social,linkedin,launch",
      "c1,2026-03-03T10:00:00Z,Paid Social,instagram,promo",
      "c1,2026-03-04T09:00:00Z,Direct,,",
      "c2,2026-01-01T10:00:00Z,Organic Social,x,",
    ].join("\n"),
  );
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "o1,2026-03-04T10:00:00Z,sale,100,EUR,,,c1,",
      "o2,2026-03-05T10:00:00Z,sale,50,EUR,facebook,,c3,",
      "o3,2026-03-06T10:00:00Z,sale,30,EUR,,,c2,",
    ].join("\n"),
  );
  return t;
}

test("by default a sale without a direct network goes to the last non-direct touch of its journey", async () => {
  const t = await journeyWorkspace();
  const report = await computeRoi(t.store, t.workspace, PERIOD, "network");
  const revenue = Object.fromEntries(
    report.rows.filter((r) => r.revenue !== 0).map((r) => [r.key, r.revenue]),
  );
  // c2's only touch is older than the 30-day window: its sale stays unattributed, totals unchanged.
  assert.deepEqual(revenue, { facebook: 50, instagram: 100, "(unattributed)": 30 });
  assert.equal(report.total.revenue, 180);
  assert.equal(report.revenue_attribution?.scope, "undirected");
  await t.close();
});

test("--model credits every identified customer's sales through the chosen model", async () => {
  const t = await journeyWorkspace();
  const first = await computeRoi(t.store, t.workspace, PERIOD, "network", undefined, {
    model: "first_touch",
  });
  assert.deepEqual(
    Object.fromEntries(first.rows.filter((r) => r.revenue !== 0).map((r) => [r.key, r.revenue])),
    {
      linkedin: 100,
      "(unattributed)": 80,
    },
  );
  const linear = await computeRoi(t.store, t.workspace, PERIOD, "campaign", undefined, {
    model: "linear",
    lookbackDays: 90,
  });
  const byCampaign = Object.fromEntries(linear.rows.map((r) => [r.key, r.revenue]));
  assert.equal(byCampaign["launch"], 50);
  assert.equal(byCampaign["promo"], 50);
  assert.equal(linear.total.revenue, 180);
  await assert.rejects(
    computeRoi(t.store, t.workspace, PERIOD, "month", undefined, { model: "linear" }),
    /--by network/,
  );
  await t.close();
});

test("journeys from the store close at each sale and respect the lookback window", async () => {
  const t = await journeyWorkspace();
  const { journeys } = await loadStoreJourneys(t.store, t.workspace, PERIOD, {
    lookbackDays: 30,
    level: "network",
    sales: "all",
  });
  const converted = journeys.filter((j) => j.conversions > 0);
  assert.deepEqual(
    converted.map((j) => [j.touches.map((x) => x.channel), j.value]),
    [
      [["linkedin", "instagram"], 100],
      [[], 30],
      [[], 50],
    ],
  );
  await t.close();
});
