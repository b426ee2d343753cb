import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { ErrorBody } from "../../src/api/errors.js";
import type { MmmReport } from "../../src/api/mmm.js";
import type { WorkerLimits } from "../../src/domain/worker-thread.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { importSeries } from "./mmm-workspace.js";

/**
 * A fit whose thread is stopped at its deadline is the server's trouble, not the data's: 503
 * `unavailable`, nothing kept, and the next request fits again. The deadline is the server's
 * (AppContext.mmmLimits), here short enough that no fit meets it.
 */

const dir = mkdtempSync(join(tmpdir(), "socialroi-mmm-unavailable-"));
const { series } = simulateSeries({ seed: 5, cadence: "daily", years: 0.5, channels: 2 });
const PATH = `/api/mmm?from=${series.dates[0]}&to=${series.dates.at(-1)}`;
/** Read by each job as it starts: the test lengthens it once the short one has failed a fit. */
const limits: WorkerLimits = { seconds: 0.05, memoryMb: 1536 };

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let token: string;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  const workspace = await createWorkspace(store, {
    name: "Shop",
    currency: "EUR",
    timezone: "UTC",
    locale: "en",
  });
  await importSeries(store, workspace, dir, series, ["facebook", "instagram"]);
  token = await createApiToken(store, workspace.id);
  app = await buildApp({ store, workspace, mmmLimits: limits });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(): Promise<{ status: number; body: unknown; text: string }> {
  const answer = await fetch(`${base}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await answer.text();
  return { status: answer.status, body: JSON.parse(text), text };
}

test("a fit past its deadline answers 503 unavailable, and the next request fits again", async () => {
  const late = await get();
  assert.equal(late.status, 503, late.text);
  const { error } = late.body as ErrorBody;
  assert.equal(error.code, "unavailable");
  assert.match(
    error.message,
    /^The model could not be computed now \(the model took more than 0\.05 s\): try again later$/,
  );
  assert.doesNotMatch(late.text, /Worker|at \w+ \(/);

  // The failure was not kept as the fit of these data.
  limits.seconds = 300;
  const next = await get();
  assert.equal(next.status, 200, next.text);
  assert.deepEqual(
    (next.body as MmmReport).channels.map((c) => c.channel),
    ["facebook", "instagram"],
  );
});
