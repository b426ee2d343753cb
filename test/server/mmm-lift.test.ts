import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { AuditEntry } from "../../src/api/audit.js";
import type { ErrorBody } from "../../src/api/errors.js";
import type { MmmReport, StoredLiftTest } from "../../src/api/mmm.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { importSeries } from "./mmm-workspace.js";

/**
 * Lift tests over HTTP: entered, listed and removed per workspace; a test that cannot be is refused
 * with its reason; once entered, GET /api/mmm refits with it and says how much it moved the estimate.
 */

const dir = mkdtempSync(join(tmpdir(), "socialroi-mmm-lift-"));
const { series } = simulateSeries({ seed: 11, cadence: "daily", years: 0.5, channels: 2 });
const PERIOD = `from=${series.dates[0]}&to=${series.dates.at(-1)}`;
/** Four weeks in the middle of the data. */
const WINDOW = { start: series.dates[70]!, end: series.dates[97]! };

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let shop: Workspace;
let token: string;
let otherToken: string;

async function call(method: string, path: string, auth: string, body?: unknown) {
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${auth}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, body: JSON.parse(text) as unknown, text };
}

async function model(): Promise<MmmReport> {
  const { status, body, text } = await call("GET", `/api/mmm?${PERIOD}`, token);
  assert.equal(status, 200, text);
  return body as MmmReport;
}

before(async () => {
  store = await DuckDbStore.open(":memory:");
  const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
  shop = await createWorkspace(store, { name: "Shop", ...settings });
  const other = await createWorkspace(store, { name: "Other", ...settings });
  await importSeries(store, shop, dir, series, ["facebook", "linkedin"]);
  await importSeries(store, other, dir, series, ["facebook", "linkedin"]);
  token = await createApiToken(store, shop.id);
  otherToken = await createApiToken(store, other.id);
  app = await buildApp({ store, workspace: shop });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a lift test is added, listed, taken in by the model (which refits and moves toward it), and removed", async () => {
  const alone = await model();
  assert.equal(alone.calibration, null);
  const facebook = alone.channels.find((c) => c.channel === "facebook")!;
  // Three times what the data alone say the window added: the estimate must move up toward it.
  const windowDays = series.dates.filter((d) => d >= WINDOW.start && d <= WINDOW.end).length;
  const modelled = (facebook.contribution / series.dates.length) * windowDays;
  const measured = Math.round(3 * modelled);
  const added = await call("POST", "/api/mmm/lift-tests", token, {
    channel: "Facebook",
    ...WINDOW,
    incremental: measured,
    low: Math.round(0.9 * measured),
    high: Math.round(1.1 * measured),
    note: "boosts paused in one region",
  });
  assert.equal(added.status, 201, added.text);
  const stored = added.body as StoredLiftTest;
  assert.equal(stored.channel, "facebook");
  assert.equal(stored.kpi, "revenue");

  const listed = await call("GET", "/api/mmm/lift-tests", token);
  assert.deepEqual(listed.body, { lift_tests: [stored] });
  assert.deepEqual((await call("GET", "/api/mmm/lift-tests", otherToken)).body, { lift_tests: [] });

  const calibrated = await model();
  const calibration = calibrated.calibration!;
  assert.ok(calibration, "the model took the test in: a new fit, not the cached one");
  const [check] = calibration.tests;
  assert.equal(check!.lift_test_id, stored.lift_test_id);
  assert.deepEqual([check!.channel, check!.start, check!.end], ["facebook", WINDOW.start, WINDOW.end]);
  assert.ok(check!.model_before_high < measured, JSON.stringify(check));
  assert.ok(check!.model_after > check!.model_before, "the window's estimate moved toward the test");
  assert.equal(check!.disagrees, true, "three times the data's estimate is a disagreement");
  const roi = (report: MmmReport) => report.channels.find((c) => c.channel === "facebook")!;
  assert.ok(roi(calibrated).roi > roi(alone).roi, "the channel's ROI moved up toward the test");
  assert.ok(roi(calibrated).roi_low > roi(alone).roi_low, "and so did its interval");
  const moved = calibration.channels.find((c) => c.channel === "facebook")!;
  assert.equal(moved.roi_after, roi(calibrated).roi);
  assert.ok(moved.roi_after > moved.roi_before);
  assert.match(calibrated.paragraph, /A lift test was taken in as evidence; the tests of Facebook disagree/);
  // Sentences name networks as readers know them, never by their ids.
  assert.deepEqual(
    calibrated.side_by_side!.networks.map((n) => n.name),
    ["Facebook", "LinkedIn"],
  );
  for (const sentence of [calibrated.paragraph, calibrated.side_by_side!.sentence])
    assert.doesNotMatch(sentence, /\b(facebook|linkedin)\b/, sentence);

  // Another workspace cannot remove it; its own can, and the model is the data's alone again.
  const across = await call("DELETE", `/api/mmm/lift-tests/${stored.lift_test_id}`, otherToken);
  assert.equal(across.status, 404, across.text);
  assert.doesNotMatch(across.text, /facebook|Shop/);
  const removed = await call("DELETE", `/api/mmm/lift-tests/${stored.lift_test_id}`, token);
  assert.deepEqual([removed.status, removed.body], [200, { deleted: stored.lift_test_id }]);
  assert.deepEqual((await call("GET", "/api/mmm/lift-tests", token)).body, { lift_tests: [] });
  const again = await model();
  assert.equal(again.calibration, null);
  assert.deepEqual(again.channels, alone.channels, "the same data and seed: the same figures");

  const audit = await call("GET", "/api/audit", token);
  const entries = (audit.body as { entries: AuditEntry[] }).entries.filter(
    (e) => e.object_type === "lift_test",
  );
  assert.deepEqual(entries.map((e) => e.action).sort(), ["create", "delete"]);
});

test("a lift test that cannot be is refused with its reason; another workspace's answers 404", async () => {
  const refused = async (body: object, status: number, message: RegExp) => {
    const answer = await call("POST", "/api/mmm/lift-tests", token, body);
    assert.equal(answer.status, status, answer.text);
    const { error } = answer.body as ErrorBody;
    // A field's refusal is said against the field, as the form shows it.
    const said = [error.message, ...(error.details?.issues ?? []).map((i) => `${i.path}: ${i.message}`)];
    assert.ok(
      said.some((sentence) => message.test(sentence)),
      `${message} in ${said.join(" | ")}`,
    );
    assert.doesNotMatch(answer.text, /at \w+ \(|node_modules/, "no stack trace");
  };
  const good = { channel: "facebook", ...WINDOW, incremental: 100, low: 80, high: 120 };
  await refused({ ...good, low: 130 }, 400, /^incremental: expected low ≤ incremental ≤ high/);
  await refused({ ...good, end: "2023-01-01" }, 400, /^end: the last day cannot be before the first day/);
  await refused({ ...good, start: "March" }, 400, /^start: /);
  await refused({ ...good, incremental: "lots" }, 400, /^incremental: /);
  await refused({ ...good, channel: "tiktok" }, 422, /^channel: the workspace has no ad spend on "tiktok"/);
  assert.deepEqual((await call("GET", "/api/mmm/lift-tests", token)).body, { lift_tests: [] });

  const theirs = (await call("POST", "/api/mmm/lift-tests", otherToken, good)).body as StoredLiftTest;
  const unknown = await call("DELETE", `/api/mmm/lift-tests/${theirs.lift_test_id}`, token);
  assert.equal(unknown.status, 404);
  assert.equal((unknown.body as ErrorBody).error.code, "not_found");
  assert.deepEqual((await call("GET", "/api/mmm/lift-tests", otherToken)).body, { lift_tests: [theirs] });
});

test("the lift test routes are in the OpenAPI document with their schemas", async () => {
  const doc = (await call("GET", "/api/openapi.json", token)).body as {
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  };
  assert.ok(doc.paths["/api/mmm/lift-tests"]?.get);
  assert.match(JSON.stringify(doc.paths["/api/mmm/lift-tests"]?.post?.requestBody), /90% interval/);
  assert.ok(doc.paths["/api/mmm/lift-tests/{id}"]?.delete);
});
