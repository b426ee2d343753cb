import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { computeAttribution } from "../../src/attribution/index.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { DEFAULT_BRANDING } from "../../src/reports/branding.js";
import { buildReport } from "../../src/reports/model.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { loadStoreJourneys } from "../attribution/journeys-oracle.js";
import { aggregateJourneys } from "../attribution/js-journeys.js";

/**
 * The figures of the demo workspace (several networks, currencies, value rules, journeys) as ROI,
 * attribution and the report model compute them, compared with the outputs recorded before the
 * rooms were rearranged: a refactoring must not move a figure. `SOCIALROI_WRITE_GOLDEN=1` records
 * them again, for a change meant to alter figures (say which in the commit).
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "golden", "demo.json");
const TOLERANCE = 1e-9;

async function outputs(): Promise<unknown> {
  const store = await DuckDbStore.open(":memory:");
  try {
    const workspace = await buildDemo(store);
    const period = await dataPeriod(store, workspace);
    const roi = {
      network: await computeRoi(store, workspace, period, "network"),
      campaign: await computeRoi(store, workspace, period, "campaign"),
      month: await computeRoi(store, workspace, period, "month"),
      linear: await computeRoi(store, workspace, period, "network", undefined, { model: "linear" }),
    };
    const { journeys } = await loadStoreJourneys(store, workspace, period, {
      lookbackDays: 30,
      level: "network",
      sales: "all",
    });
    const attribution = computeAttribution(aggregateJourneys(journeys), { lang: "en" });
    const reports: Record<string, unknown> = {};
    for (const lang of ["en", "fr", "nl"] as const) {
      const {
        words: _words,
        format: _format,
        ...model
      } = await buildReport(store, workspace, {
        period,
        lang,
        branding: DEFAULT_BRANDING,
        now: new Date("2026-12-06T00:00:00Z"),
      });
      reports[lang] = model;
    }
    // Through JSON, as every door shows them: functions and undefined fields drop out alike.
    return JSON.parse(JSON.stringify({ period, roi, attribution, reports }));
  } finally {
    await store.close();
  }
}

/** Differences between two JSON values, numbers compared within TOLERANCE (relative for large ones). */
function differences(actual: unknown, expected: unknown, path = "$"): string[] {
  if (typeof actual === "number" && typeof expected === "number") {
    const scale = Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= TOLERANCE * scale ? [] : [`${path}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return [`${path}: ${actual.length} items ≠ ${expected.length}`];
    return actual.flatMap((item, i) => differences(item, expected[i], `${path}[${i}]`));
  }
  if (actual && expected && typeof actual === "object" && typeof expected === "object") {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    return [...keys].flatMap((key) =>
      differences(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
      ),
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

test("ROI, attribution and report models of the demo are the recorded ones, to 1e-9", async () => {
  const actual = await outputs();
  if (process.env.SOCIALROI_WRITE_GOLDEN === "1")
    writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
  assert.ok(existsSync(GOLDEN), `${GOLDEN} is missing: record it with SOCIALROI_WRITE_GOLDEN=1`);
  const found = differences(actual, JSON.parse(readFileSync(GOLDEN, "utf8")));
  assert.deepEqual(found.slice(0, 20), [], `${found.length} differences`);
});
