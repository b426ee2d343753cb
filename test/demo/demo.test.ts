import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { costsByCategory } from "../../src/costs/cost-breakdown.js";
import { buildDemo, DEMO_AD_ROI } from "../../src/demo/build-demo.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { computeGoals } from "../../src/goals/compute-goals.js";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { readStoreSeries } from "../../src/mmm/store-series.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { computeFunnel } from "../../src/roi/compute-funnel.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { topPosts } from "../../src/roi/top-posts.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { listLinks } from "../../src/tracking/list-links.js";
import { valueByRule } from "../../src/value/value-by-rule.js";
import { authorizedInject, refusedFields } from "../helpers.js";

let store: DuckDbStore;
let workspace: Workspace;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  workspace = await buildDemo(store);
});
after(() => store.close());

test("the demo covers two years and a three-month launch, four networks that differ in ROI, every cost category", async () => {
  const period = await dataPeriod(store, workspace);
  assert.deepEqual(period, { from: "2024-08-01", to: "2026-10-31" });
  const roi = await computeRoi(store, workspace, period, "network");
  assert.deepEqual(
    roi.rows.map((r) => r.key),
    // Most of the shop's orders arrive direct: revenue no network is credited with.
    ["(none)", "facebook", "instagram", "linkedin", "x"],
  );
  const rois = roi.rows.map((r) => r.revenue_roi ?? 0);
  assert.ok(Math.max(...rois) > 1 && Math.min(...rois) < 0, `ROIs should differ: ${rois}`);
  const categories = (await costsByCategory(store, workspace, period)).map((c) => c.category).sort();
  assert.deepEqual(categories, ["ads", "agency", "content", "other", "team", "tools"]);
  const total = (await costsByCategory(store, workspace, period)).reduce((s, c) => s + c.amount, 0);
  assert.ok(Math.abs(total - roi.total.cost) < 1e-6, "cost breakdown and ROI agree");
  const refunds = await store.all("SELECT * FROM conversions WHERE type = 'refund'");
  assert.equal(refunds.length, 1);
});

test("a mix model of the demo's daily revenue answers, its intervals holding each network's true ad ROI", async () => {
  const period = await dataPeriod(store, workspace);
  const series = await readStoreSeries(store, workspace, period, "revenue", "day");
  // Without the held-out refit: this asks whether the demo carries a model, not how it forecasts.
  const fit = fitMmm(series, { holdout: false });
  assert.deepEqual(
    fit.channels.map((c) => c.channel),
    ["facebook", "instagram", "linkedin", "x"],
  );
  for (const { channel, roi } of fit.channels) {
    const truth = DEMO_AD_ROI[channel]!;
    assert.ok(roi.low <= truth && truth <= roi.high, `${channel}: ${truth} outside ${roi.low}–${roi.high}`);
  }
  const best = fit.channels.reduce((a, b) => (a.roi.median >= b.roi.median ? a : b));
  assert.equal(best.channel, "facebook", "the demo's best-selling ads come out on top");
});

test("demo goals report progress and projection; the funnel has four steps per network", async () => {
  const goals = await computeGoals(store, workspace, { at: "2026-09-15" });
  assert.ok(goals.length >= 5);
  const leads = goals.find((g) => g.indicator === "leads");
  assert.ok(leads && leads.actual !== null && leads.projection !== null);
  assert.ok(leads.projection > leads.actual, "a sum is projected to the period's end");
  assert.ok(leads.expected_progress > 0.4 && leads.expected_progress < 0.6);
  const cpl = goals.find((g) => g.indicator === "cpl");
  assert.equal(cpl?.on_track, (cpl?.actual ?? Infinity) <= (cpl?.target ?? 0));
  const funnel = await computeFunnel(store, workspace, { from: "2026-08-01", to: "2026-10-31" });
  assert.equal(funnel.traffic_basis, "sessions");
  const shares = funnel.rows.reduce((s, r) => s + (r.share_of_traffic ?? 0), 0);
  assert.ok(Math.abs(shares - 1) < 1e-9);
  // The shop's orders that name no network come with no traffic: no rate.
  for (const row of funnel.rows)
    assert.equal(row.lead_rate, row.traffic > 0 ? row.leads / row.traffic : null);
});

test("value by rule adds up to the assigned value; top posts are ordered", async () => {
  const period = { from: "2026-08-01", to: "2026-10-31" };
  const rules = await valueByRule(store, workspace, period);
  const roi = await computeRoi(store, workspace, period, "network");
  const sum = rules.reduce((s, r) => s + r.value, 0);
  assert.ok(Math.abs(sum - roi.total.assigned_value) < 1e-3);
  assert.ok(
    rules.some((r) => r.outcome === "lead" && r.unit_value === 8),
    "the changed lead rule applies from its date",
  );
  const best = await topPosts(store, workspace, period, { limit: 5, order: "best" });
  const worst = await topPosts(store, workspace, period, { limit: 5, order: "worst" });
  assert.equal(best.length, 5);
  assert.ok((best[0]?.engagement_rate ?? 0) >= (best[4]?.engagement_rate ?? 0));
  assert.ok((best[4]?.engagement_rate ?? 0) >= (worst[0]?.engagement_rate ?? 1));
});

test("each network has a tracking link whose clicks brought leads and sales; building again adds nothing", async () => {
  const links = async () =>
    (await listLinks(store, workspace.id)).map(({ slug, network, clicks, leads, sales }) => ({
      slug,
      network,
      clicks,
      leads,
      sales,
    }));
  const before = await links();
  assert.deepEqual(before.map((l) => l.network).sort(), ["facebook", "instagram", "linkedin", "x"]);
  for (const link of before) {
    assert.ok(link.clicks > link.leads && link.leads > link.sales && link.sales > 0, JSON.stringify(link));
  }
  const [unlinked] = await store.all<{ n: number }>(
    "SELECT count(*) AS n FROM conversions WHERE click_id IS NOT NULL AND click_id NOT IN (SELECT click_id FROM clicks)",
  );
  assert.equal(unlinked?.n, 0, "every click a conversion names is stored");
  await buildDemo(store);
  assert.deepEqual(await links(), before);
});

test("the API answers the same figures and refuses bad queries with 400", async () => {
  const app = await buildApp({ store, workspace });
  assert.equal((await app.inject({ url: "/api/roi" })).statusCode, 401, "the API needs a token");
  const inject = await authorizedInject(app, store, workspace.id);
  const roi = await inject({ url: "/api/roi?from=2026-08-01&to=2026-10-31&by=network" });
  assert.equal(roi.statusCode, 200);
  const expected = await computeRoi(store, workspace, { from: "2026-08-01", to: "2026-10-31" }, "network");
  assert.deepEqual(roi.json(), JSON.parse(JSON.stringify(expected)));
  for (const url of ["/api/roi?from=yesterday", "/api/roi?by=planet", "/api/goals?at=2026-99-99"]) {
    const bad = await inject({ url });
    assert.equal(bad.statusCode, 400, url);
    assert.ok(refusedFields(bad.json()).length > 0);
  }
  assert.equal((await inject({ url: "/api/funnel" })).statusCode, 200);
  assert.equal((await inject({ url: "/api/goals" })).statusCode, 200);
  assert.ok((await inject({ url: "/api/metrics" })).json().metrics.length > 10);
  assert.equal((await app.inject({ url: "/" })).statusCode, 200);
  await app.close();
});
