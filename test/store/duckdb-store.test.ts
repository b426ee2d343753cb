import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { costInputSchema } from "../../src/api/costs.js";
import { listCostEntries } from "../../src/costs/cost-entries.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { DUCKDB_MIGRATIONS, migrate } from "../../src/store/duckdb/migrations.js";
import { deleteWorkspace } from "../../src/store/workspace-data.js";
import { createWorkspace, defaultWorkspace, listWorkspaces } from "../../src/store/workspaces.js";
import { runCliAsync } from "../cli/run-cli.js";

test("migrations are recorded once, and reopening applies nothing twice", async () => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-store-"));
  const path = join(dir, "m.duckdb");
  const first = await DuckDbStore.open(path);
  await defaultWorkspace(first);
  await first.close();
  const second = await DuckDbStore.open(path);
  const versions = await second.all<{ version: number }>(
    "SELECT version FROM schema_migrations ORDER BY version",
  );
  assert.deepEqual(
    versions.map((v) => v.version),
    DUCKDB_MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
  );
  assert.equal((await listWorkspaces(second)).length, 1);
  await second.close();
  rmSync(dir, { recursive: true, force: true });
});

test("migration 7 keeps the customers' first clicks and forgets customers without one", async () => {
  const store = await DuckDbStore.open(":memory:");
  // The table as it was before version 7.
  await store.run("DROP TABLE customer_first_clicks");
  await store.run(
    `CREATE TABLE customers (workspace_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, first_click_id VARCHAR,
       first_seen_at TIMESTAMPTZ)`,
  );
  await store.run(
    "INSERT INTO customers VALUES ('ws_1', 'ann', 'clk_1', now()), ('ws_1', 'bob', NULL, now()), ('ws_2', 'ann', 'clk_2', now())",
  );
  await store.run("DELETE FROM schema_migrations WHERE version = 7");
  await migrate(store);
  assert.deepEqual(await store.all("SELECT * FROM customer_first_clicks ORDER BY ALL"), [
    { workspace_id: "ws_1", customer_id: "ann", first_click_id: "clk_1" },
    { workspace_id: "ws_2", customer_id: "ann", first_click_id: "clk_2" },
  ]);
  await store.close();
});

test("a transaction keeps all or nothing", async () => {
  const store = await DuckDbStore.open(":memory:");
  const workspace = await defaultWorkspace(store);
  await assert.rejects(
    store.transaction(async () => {
      await store.run(
        "INSERT INTO keyword_cpcs (workspace_id, keyword, cpc, currency) VALUES ($ws, 'a', 1, 'EUR')",
        { ws: workspace.id },
      );
      throw new Error("stop");
    }),
  );
  assert.deepEqual(await store.all("SELECT * FROM keyword_cpcs"), []);
  await store.close();
});

test("workspaces validate their settings; the first is the default", async () => {
  const store = await DuckDbStore.open(":memory:");
  const first = await createWorkspace(store, {
    name: "A",
    currency: "usd",
    timezone: "Europe/Paris",
    locale: "fr",
  });
  assert.equal(first.currency, "USD");
  assert.match(first.id, /^ws_/);
  await assert.rejects(createWorkspace(store, { name: "B", currency: "XYZ", timezone: "UTC", locale: "en" }));
  await assert.rejects(
    createWorkspace(store, { name: "B", currency: "EUR", timezone: "Mars/Olympus", locale: "en" }),
  );
  await createWorkspace(store, { name: "C", currency: "EUR", timezone: "UTC", locale: "nl" });
  assert.equal((await defaultWorkspace(store)).id, first.id);
  await store.close();
});

test("a database held by another process is reported clearly", async () => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-lock-"));
  const path = join(dir, "held.duckdb");
  const holder = await DuckDbStore.open(path);
  const result = await runCliAsync(["roi", "--db", path]);
  await holder.close();
  assert.equal(result.status, 1);
  assert.match(result.stderr, /in use by another socialroi process/);
  assert.match(result.stderr, /only one process/);
  rmSync(dir, { recursive: true, force: true });
});

test("SOCIALROI_MEMORY_LIMIT and SOCIALROI_THREADS set DuckDB's memory budget and threads, or are refused clearly", async () => {
  const store = await DuckDbStore.open(":memory:", {
    SOCIALROI_MEMORY_LIMIT: "150MB",
    SOCIALROI_THREADS: "1",
  });
  const [settings] = await store.all<{ memory: string; threads: number }>(
    "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads",
  );
  assert.deepEqual(settings, { memory: "143.0 MiB", threads: 1 });
  await store.close();
  await assert.rejects(
    DuckDbStore.open(":memory:", { SOCIALROI_MEMORY_LIMIT: "lots" }),
    /SOCIALROI_MEMORY_LIMIT must be a size such as 150MB/,
  );
  await assert.rejects(
    DuckDbStore.open(":memory:", { SOCIALROI_THREADS: "0" }),
    /SOCIALROI_THREADS must be a whole number/,
  );
});

test("closing waits for a statement still running, and later statements are refused clearly", async () => {
  const store = await DuckDbStore.open(":memory:");
  const running = store.all<{ n: number }>("SELECT count(*) AS n FROM range(50000000) WHERE range % 7 = 0");
  await store.close();
  assert.deepEqual(await running, [{ n: 7142858 }]);
  await assert.rejects(store.all("SELECT 1"), /is closed/);
});

test("a statement asked again, or by two callers at once, answers each with its own values", async () => {
  const store = await DuckDbStore.open(":memory:");
  await store.run("CREATE TABLE numbers AS SELECT range AS n FROM range(200000)");
  const sql = "SELECT count(*) AS below FROM numbers WHERE n < $limit";
  const limits = [10, 150000, 3, 99999, 10];
  assert.deepEqual(await store.all(sql, { limit: 1 }), [{ below: 1 }]);
  // Started together once the statement is kept: the count of one must not take another's limit.
  const answers = await Promise.all(limits.map((limit) => store.all<{ below: number }>(sql, { limit })));
  assert.deepEqual(
    answers.map(([row]) => row?.below),
    limits,
  );
  // Asked again after a change of the table's columns, the kept statement is bound afresh.
  await store.run("ALTER TABLE numbers ADD COLUMN doubled BIGINT");
  await store.run("UPDATE numbers SET doubled = n * 2");
  assert.deepEqual(await store.all(sql, { limit: 5 }), [{ below: 5 }]);
  assert.deepEqual(
    await store.all("SELECT max(doubled) AS top FROM numbers WHERE n < $limit", { limit: 5 }),
    [{ top: 8 }],
  );
  // More texts than are kept: the oldest statements are let go, and their texts still run.
  for (let i = 0; i < 300; i++) await store.all(`SELECT ${i} AS i WHERE $limit > 0`, { limit: 1 });
  assert.deepEqual(await store.all("SELECT 0 AS i WHERE $limit > 0", { limit: 1 }), [{ i: 0 }]);
  assert.deepEqual(await store.all(sql, { limit: 7 }), [{ below: 7 }]);
  // A kept `SELECT *` sees the columns a migration added, and a table made anew.
  const everything = "SELECT * FROM numbers WHERE n = $n";
  assert.deepEqual(await store.all(everything, { n: 3 }), [{ n: 3, doubled: 6 }]);
  await store.run("ALTER TABLE numbers ADD COLUMN label VARCHAR DEFAULT 'x'");
  assert.deepEqual(await store.all(everything, { n: 3 }), [{ n: 3, doubled: 6, label: "x" }]);
  await store.run("CREATE OR REPLACE TABLE numbers AS SELECT 'three' AS n");
  assert.deepEqual(await store.all(everything, { n: "three" }), [{ n: "three" }]);
  await store.close();
});

test("a deleted workspace's rows leave the database file: their bytes outlive DuckDB's delete until the file is written afresh", async () => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-erase-"));
  const path = join(dir, "erase.duckdb");
  const marker = `erase-me-${Date.now()}`;
  const bytesOfMarker = () => readFileSync(path).toString("latin1").split(marker).length - 1;
  try {
    let store = await DuckDbStore.open(path);
    // Uncompressed, the marker's bytes can be looked for in the file.
    await store.run("SET force_compression = 'uncompressed'");
    const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
    const doomed = await createWorkspace(store, { name: "Doomed", ...settings });
    const kept = await createWorkspace(store, { name: "Kept", ...settings });
    for (const [workspace, description] of [
      [doomed, marker],
      [kept, "stays"],
    ] as const)
      await createCostEntry(
        store,
        workspace.id,
        costInputSchema.parse({
          date: "2026-03-01",
          category: "tools",
          amount: 5,
          currency: "EUR",
          description,
        }),
      );
    await store.run("CHECKPOINT");
    assert.ok(bytesOfMarker() > 0, "the marker is in the file before");
    await deleteWorkspace(store, doomed.id);
    await store.run("CHECKPOINT");
    assert.ok(bytesOfMarker() > 0, "a delete alone leaves the bytes: what this test is about");
    await store.close();
    store = await DuckDbStore.open(path);
    assert.equal(bytesOfMarker(), 0);
    assert.deepEqual(
      (await listCostEntries(store, kept.id)).map((cost) => cost.description),
      ["stays"],
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
