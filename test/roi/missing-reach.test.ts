import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { computeFunnel } from "../../src/roi/compute-funnel.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { POST_HEADER, testWorkspace } from "../helpers.js";

const X_FILE = "tweet_activity_metrics_acme_20240101_20240201_en.csv";
const X_EXPORT = readFileSync(new URL(`../fixtures/native/${X_FILE}`, import.meta.url), "utf8");
const JANUARY = { from: "2024-01-01", to: "2024-01-31" };
/** Facebook posts of the same month, which do report reach. */
const FACEBOOK_REACH = [700, 300];

test("X exports have no reach: ROI and the funnel show it as unknown, not as zero", async () => {
  const t = await testWorkspace();
  await t.load(X_FILE, X_EXPORT);

  const roi = await computeRoi(t.store, t.workspace, JANUARY, "network");
  const x = roi.rows.find((r) => r.key === "x");
  assert.ok(x && x.posts > 0 && x.impressions > 0, "the X posts are in the period");
  assert.equal(x.reach, null);
  assert.equal(roi.total.reach, null);
  const funnel = await computeFunnel(t.store, t.workspace, JANUARY);
  assert.deepEqual(
    funnel.rows.map((r) => [r.network, r.reach, r.traffic_rate]),
    [["x", null, null]],
  );
  assert.equal(funnel.total.reach, null);
  assert.ok(funnel.total.traffic > 0, "link clicks are still counted as traffic");

  // With a network that reports reach, the total is what is known, and X stays unknown.
  await t.load(
    "posts.csv",
    [
      POST_HEADER,
      ...FACEBOOK_REACH.map(
        (reach, i) => `f${i},facebook,2024-01-1${i}T10:00:00Z,photo,,,1000,${reach},,,,,10`,
      ),
    ].join("\n"),
  );
  const known = FACEBOOK_REACH.reduce((a, b) => a + b, 0);
  const mixed = await computeRoi(t.store, t.workspace, JANUARY, "network");
  assert.deepEqual(
    mixed.rows.map((r) => [r.key, r.reach]),
    [
      ["facebook", known],
      ["x", null],
    ],
  );
  assert.equal(mixed.total.reach, known);
  const mixedFunnel = await computeFunnel(t.store, t.workspace, JANUARY);
  assert.deepEqual(
    mixedFunnel.rows.map((r) => [r.network, r.reach]),
    [
      ["facebook", known],
      ["x", null],
    ],
  );
  assert.equal(mixedFunnel.total.reach, known);
  await t.close();
});
