import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { ErrorBody } from "../../src/api/errors.js";
import type { AttributionReport } from "../../src/attribution/index.js";
import { MODEL_NAMES } from "../../src/attribution/index.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { authorizedInject, near } from "../helpers.js";

let store: DuckDbStore;
let app: FastifyInstance;
let inject: Awaited<ReturnType<typeof authorizedInject>>;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  const workspace = await buildDemo(store);
  app = await buildApp({ store, workspace });
  inject = await authorizedInject(app, store, workspace.id);
});

after(async () => {
  await app.close();
  await store.close();
});

test("every model credits the demo's journeys side by side, and the credits add up", async () => {
  const response = await inject("/api/attribution?lookback=30&level=network&order=2");
  assert.equal(response.statusCode, 200, response.body);
  const report = response.json<AttributionReport & { from: string; to: string }>();
  assert.deepEqual(
    report.models.map((m) => m.model),
    [...MODEL_NAMES],
  );
  assert.equal(report.models.find((m) => m.model === "markov")?.order, 2);
  const attributed = report.totals.conversions - report.totals.unattributed_conversions;
  assert.ok(attributed > 0, "the demo's sales have journeys");
  for (const model of report.models) {
    const credited = model.channels.reduce((sum, c) => sum + c.conversions, 0);
    assert.ok(near(credited, attributed, 1e-6), `${model.model} credits ${credited} of ${attributed}`);
  }
  assert.ok(report.comparison.length > 0);
  assert.ok(report.comparison.every((c) => c.sentence.includes(c.channel)));
});

test("the sentences follow the language asked for and a chosen model list", async () => {
  const response = await inject("/api/attribution?model=linear,markov&lang=fr");
  assert.equal(response.statusCode, 200, response.body);
  const report = response.json<AttributionReport>();
  assert.deepEqual(
    report.models.map((m) => m.model),
    ["linear", "markov"],
  );
  assert.match(report.comparison[0]?.sentence ?? "", /crédit/);
});

test("bad input is refused with the reasons", async () => {
  for (const query of ["model=magic", "from=2026-13-01", "order=9", "lookback=-3", "level=planet"]) {
    const response = await inject(`/api/attribution?${query}`);
    assert.equal(response.statusCode, 400, query);
    const { error } = response.json<ErrorBody>();
    assert.equal(error.code, "bad_request", query);
    assert.ok((error.details?.issues ?? []).length > 0, query);
  }
});

test("the route needs a token", async () => {
  const response = await app.inject("/api/attribution");
  assert.equal(response.statusCode, 401);
});
