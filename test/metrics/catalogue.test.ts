import assert from "node:assert/strict";
import { test } from "node:test";
import { METRICS, metricById, ratio } from "../../src/metrics/catalogue.js";

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
    assert.ok(metric.formula.length > 3);
    for (const locale of ["en", "fr", "nl"] as const) {
      assert.ok(metric.name[locale].length > 1, `${metric.id} name ${locale}`);
      assert.ok(metric.definition[locale].length > 10, `${metric.id} definition ${locale}`);
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
