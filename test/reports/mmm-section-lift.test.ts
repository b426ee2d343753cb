import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { liftTestInputSchema } from "../../src/api/mmm.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { addLiftTest } from "../../src/mmm/add-lift-test.js";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { liftTestsOfKpi } from "../../src/mmm/list-lift-tests.js";
import { readStoreSeries } from "../../src/mmm/store-series.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { DEFAULT_BRANDING } from "../../src/reports/branding.js";
import { buildReport } from "../../src/reports/model.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";

/** The report's mix model takes in the workspace's lift tests of revenue, as GET /api/mmm does. */

let store: DuckDbStore;
let workspace: Workspace;
before(async () => {
  store = await DuckDbStore.open(":memory:");
  workspace = await buildDemo(store);
});
after(() => store.close());

test("a stored lift test moves the report's figures to those of the model with the test", async () => {
  const period = await dataPeriod(store, workspace);
  const report = async () => {
    const model = await buildReport(store, workspace, {
      period,
      lang: "en",
      sections: ["mmm"],
      branding: DEFAULT_BRANDING,
      now: new Date("2026-12-06T00:00:00Z"),
    });
    const [section] = model.sections;
    const facebook = section!.tables.find((t) => t.id === "mmm_channels")!.rows[0]!;
    return { roi: facebook[5]!.value, paragraphs: section!.paragraphs.join(" ") };
  };
  const alone = await report();
  assert.doesNotMatch(alone.paragraphs, /taken in as evidence/);

  // A leads test is another KPI's: the revenue model does not take it in.
  const window = { channel: "facebook", start: "2025-09-01", end: "2025-09-28" };
  await addLiftTest(
    store,
    workspace.id,
    liftTestInputSchema.parse({ ...window, kpi: "leads", incremental: 40, low: 30, high: 50 }),
  );
  await addLiftTest(
    store,
    workspace.id,
    liftTestInputSchema.parse({ ...window, incremental: 20000, low: 18000, high: 22000 }),
  );
  const tested = await report();
  const series = await readStoreSeries(store, workspace, period, "revenue", "week");
  const liftTests = await liftTestsOfKpi(store, workspace.id, "revenue");
  assert.equal(liftTests.length, 1);
  const fit = fitMmm(series, { seed: 1, liftTests });
  assert.equal(tested.roi, fit.channels.find((c) => c.channel === "facebook")!.roi.median);
  assert.ok(Number(tested.roi) > Number(alone.roi), `${tested.roi} after the test, ${alone.roi} before`);
  assert.match(tested.paragraphs, /A lift test was taken in as evidence/);
});
