import assert from "node:assert/strict";
import { test } from "node:test";
import { serverEnvironment } from "../../src/cli/commands/serve.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";

test("serve leaves a core to the event loop: DuckDB gets one thread fewer than the cores, unless SOCIALROI_THREADS says", async () => {
  assert.equal(serverEnvironment({}, 2)["SOCIALROI_THREADS"], "1");
  assert.equal(serverEnvironment({}, 8)["SOCIALROI_THREADS"], "7");
  assert.equal(serverEnvironment({}, 1)["SOCIALROI_THREADS"], "1");
  assert.equal(serverEnvironment({ SOCIALROI_THREADS: "4" }, 2)["SOCIALROI_THREADS"], "4");
  const store = await DuckDbStore.open(":memory:", serverEnvironment({}, 2));
  const [settings] = await store.all<{ threads: number }>("SELECT current_setting('threads') AS threads");
  assert.equal(settings?.threads, 1);
  await store.close();
});
