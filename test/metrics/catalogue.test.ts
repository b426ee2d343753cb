import assert from "node:assert/strict";
import { test } from "node:test";
import { roiRowSchema } from "../../src/api/analytics.js";
import { openApiDocument } from "../../src/api/openapi.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import { METRICS, metricById, ROI_COLUMNS, ROI_RATIOS, ratio } from "../../src/metrics/catalogue.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";

test("a ratio with a zero or missing denominator is null, never 0 or Infinity", () => {
  assert.equal(ratio(5, 0), null);
  assert.equal(ratio(0, 0), null);
  assert.equal(ratio(5, null), null);
  assert.equal(ratio(null, 4), null);
  assert.equal(ratio(1, 4), 0.25);
  assert.equal(ratio(0, 4), 0);
});

test("every metric has a formula and a definition in English, French and Dutch", () => {
  const ids = new Set<string>();
  for (const metric of METRICS) {
    assert.ok(!ids.has(metric.id), `duplicate id ${metric.id}`);
    ids.add(metric.id);
    for (const locale of ["en", "fr", "nl"] as const) {
      assert.ok(metric.name[locale].length > 1, `${metric.id} name ${locale}`);
      assert.ok(metric.definition[locale].length > 10, `${metric.id} definition ${locale}`);
      assert.ok(metric.formula[locale].length > 3, `${metric.id} formula ${locale}`);
    }
  }
  for (const id of [
    "engagement_rate",
    "ctr",
    "cpc",
    "cpm",
    "cpl",
    "cpa",
    "roas",
    "revenue_roi",
    "total_roi",
    "earned_media_value",
    "organic_amplification",
    "follower_growth_rate",
    "share_of_traffic",
    "conversion_rate",
  ]) {
    assert.ok(metricById(id), `catalogue lacks ${id}`);
  }
});

test("every ratio of the registry reaches ROI rows, their schema and the OpenAPI document, computed from the row's sums", async () => {
  const store = await DuckDbStore.open(":memory:");
  try {
    const workspace = await buildDemo(store);
    const roi = await computeRoi(store, workspace, await dataPeriod(store, workspace), "network");
    const documented = JSON.stringify(openApiDocument("test"));
    for (const metric of ROI_RATIOS) {
      assert.ok(metric.id in roiRowSchema.shape, `${metric.id} is in the ROI row schema`);
      assert.ok(documented.includes(`"${metric.id}"`), `${metric.id} is in the OpenAPI document`);
      for (const row of [...roi.rows, roi.total])
        assert.equal(row[metric.id], metric.ofRoiSums(row), metric.id);
    }
    // The example of docs/architecture.md: a ratio added to the registry alone, with a value of its own.
    const cpe = ROI_RATIOS.find((m) => m.id === "cpe");
    assert.ok(cpe && roi.total.engagements > 0);
    assert.equal(roi.total.cpe, roi.total.cost / roi.total.engagements);
    for (const id of [...ROI_COLUMNS.dashboard, ...ROI_COLUMNS.report])
      assert.ok(id in roiRowSchema.shape, id);
  } finally {
    await store.close();
  }
});
