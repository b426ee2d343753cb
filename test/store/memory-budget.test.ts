/**
 * Store.withMemoryBudget: the database's memory bounded while the work runs, every setting put back
 * after. DuckDB shows its sizes truncated to a tenth of their unit (150 MB shows as 143.0 MiB): the
 * limits are compared as it shows them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { FileReadingStore, StoreEnvironment } from "../../src/store/store.js";
import { forEachBackend } from "./backends.js";

const MIB = 2 ** 20;

interface MemorySettings {
  memory_limit: string;
  allocator_flush_threshold: string;
  allocator_bulk_deallocation_flush_threshold: string;
  allocator_background_threads: string;
}

async function settings(store: FileReadingStore): Promise<MemorySettings> {
  const [row] = await store.all<MemorySettings>(
    `SELECT current_setting('memory_limit') AS memory_limit,
      current_setting('allocator_flush_threshold') AS allocator_flush_threshold,
      current_setting('allocator_bulk_deallocation_flush_threshold') AS allocator_bulk_deallocation_flush_threshold,
      current_setting('allocator_background_threads')::VARCHAR AS allocator_background_threads`,
  );
  return row!;
}

/** The memory limit as DuckDB shows it, in bytes, and what the database holds. */
async function memory(store: FileReadingStore): Promise<{ limit: number; used: number }> {
  const [row] = await store.all<{ limit: number; used: number }>(
    `SELECT parse_formatted_bytes(current_setting('memory_limit'))::DOUBLE AS limit,
      (SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory())::DOUBLE AS used`,
  );
  return row!;
}

/** Asserts the limit is the budget beyond what the database held, within DuckDB's truncation. */
function assertBudget(limit: number, extraBytes: number, usedBefore: number): void {
  const budget = usedBefore + extraBytes;
  assert.ok(
    limit <= budget && limit > budget - MIB / 10,
    `${limit} bytes shown for a budget of ${budget} bytes`,
  );
}

async function withDuckDb(env: StoreEnvironment, body: (store: DuckDbStore) => Promise<void>): Promise<void> {
  const store = await DuckDbStore.open(":memory:", env);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

forEachBackend(
  "the work runs within the budget, with freed memory returned, then every setting is as before",
  async (store) => {
    const before = await settings(store);
    const { used } = await memory(store);
    const during = await store.withMemoryBudget(200 * MIB, async () => ({
      settings: await settings(store),
      memory: await memory(store),
    }));
    assertBudget(during.memory.limit, 200 * MIB, used);
    assert.equal(during.settings.allocator_flush_threshold, "16.0 MiB");
    assert.equal(during.settings.allocator_bulk_deallocation_flush_threshold, "16.0 MiB");
    assert.equal(during.settings.allocator_background_threads, "true");
    assert.deepEqual(await settings(store), before);
  },
);

forEachBackend(
  "the settings are put back when the work fails, and its error is the one raised",
  async (store) => {
    const before = await settings(store);
    const failure = new Error("the work failed");
    await assert.rejects(
      store.withMemoryBudget(200 * MIB, async () => {
        assert.notDeepEqual(await settings(store), before);
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.deepEqual(await settings(store), before);
  },
);

test("DuckDB's default limit is put back, and never raised by a budget above it", async () => {
  await withDuckDb({}, async (store) => {
    const before = await settings(store);
    const fresh = await DuckDbStore.open(":memory:", {});
    const defaults = await settings(fresh).finally(() => fresh.close());
    assert.deepEqual(before, defaults);
    const during = await store.withMemoryBudget(2 ** 50, () => settings(store));
    assert.equal(during.memory_limit, before.memory_limit);
    assert.equal(during.allocator_background_threads, "true");
    assert.deepEqual(await settings(store), before);
  });
});

test("a limit the store was opened with is never raised, and is put back as it was given", async () => {
  await withDuckDb({ SOCIALROI_MEMORY_LIMIT: "150MB" }, async (store) => {
    const before = await settings(store);
    assert.equal(before.memory_limit, "143.0 MiB");
    const during = await store.withMemoryBudget(600 * MIB, () => settings(store));
    assert.equal(during.memory_limit, before.memory_limit);
    assert.deepEqual(await settings(store), before);
  });
  // A budget below it lowers it; after, it is the one given, not DuckDB's default.
  await withDuckDb({ SOCIALROI_MEMORY_LIMIT: "4GB" }, async (store) => {
    const before = await settings(store);
    assert.equal(before.memory_limit, "3.7 GiB");
    const { used } = await memory(store);
    const during = await store.withMemoryBudget(100 * MIB, () => memory(store));
    assertBudget(during.limit, 100 * MIB, used);
    assert.deepEqual(await settings(store), before);
  });
});

test("budgets running at once each keep theirs: the largest holds while it runs", async () => {
  await withDuckDb({}, async (store) => {
    const before = await settings(store);
    const gate = () => {
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      return { opened, open };
    };
    const [largeStarted, largeDone, smallStarted, smallDone] = [gate(), gate(), gate(), gate()];
    const usedBeforeLarge = (await memory(store)).used;
    const large = store.withMemoryBudget(300 * MIB, async () => {
      largeStarted.open();
      await largeDone.opened;
    });
    await largeStarted.opened;
    const usedBeforeSmall = (await memory(store)).used;
    const small = store.withMemoryBudget(100 * MIB, async () => {
      smallStarted.open();
      await smallDone.opened;
    });
    await smallStarted.opened;
    assertBudget((await memory(store)).limit, 300 * MIB, usedBeforeLarge);
    largeDone.open();
    await large;
    assertBudget((await memory(store)).limit, 100 * MIB, usedBeforeSmall);
    assert.equal((await settings(store)).allocator_background_threads, "true");
    smallDone.open();
    await small;
    assert.deepEqual(await settings(store), before);
  });
});
