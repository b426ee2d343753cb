import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CHANNEL_CODE_POINT,
  pathsFromText,
  SURROGATE_COUNT,
  SURROGATES,
} from "../../src/attribution/aggregate.js";
import { readEventLog, readPathTable } from "../../src/attribution/read.js";
import { openStore } from "../../src/store/open-store.js";
import type { FileReadingStore, StoreEnvironment } from "../../src/store/store.js";

const DATA = "/work/shared/data/attribution";

/** DuckDB's memory settings, as it shows them. */
async function settings(store: FileReadingStore): Promise<Record<string, string>> {
  const [row] = await store.all<Record<string, string>>(
    `SELECT current_setting('memory_limit') AS memory_limit,
      current_setting('allocator_flush_threshold')::VARCHAR AS allocator_flush_threshold,
      current_setting('allocator_background_threads')::VARCHAR AS allocator_background_threads`,
  );
  return row!;
}

/**
 * A store whose memory settings are read just before each grouping statement (the one that reads
 * the file with `read_csv` and groups it into bundles) runs: what DuckDB had while it ran.
 */
async function watchedStore(
  env: StoreEnvironment,
): Promise<{ store: FileReadingStore; during: Record<string, string>[] }> {
  const store = await openStore(":memory:", env);
  const during: Record<string, string>[] = [];
  const all = store.all.bind(store);
  store.all = (async (sql, params, rollups) => {
    if (sql.includes("read_csv") && sql.includes("bundles")) during.push(await settings(store));
    return all(sql, params, rollups);
  }) as typeof store.all;
  return { store, during };
}

const MIB = 2 ** 20;

function mebibytes(size: string): number {
  const [, amount, unit] = /^([\d.]+) (MiB|GiB)$/.exec(size) ?? [];
  assert.ok(amount && unit, `a size in MiB or GiB: ${size}`);
  return Number(amount) * (unit === "GiB" ? 1024 : 1);
}

test("a file is grouped within a lowered DuckDB memory limit, and the settings are put back after", async () => {
  const { store, during } = await watchedStore({});
  try {
    const before = await settings(store);
    assert.ok(
      mebibytes(before.memory_limit!) > 1024,
      "DuckDB's default limit (80% of the machine) is above 1 GB",
    );
    await readEventLog(store, `${DATA}/journeys_event_log.csv`);
    await readPathTable(store, `${DATA}/channelattribution_Data.csv`);
    assert.equal(during.length, 2);
    for (const setting of during) {
      const limit = mebibytes(setting["memory_limit"]!);
      assert.ok(
        limit >= 600 && limit < 700,
        `600 MiB beyond what the database holds: ${setting["memory_limit"]}`,
      );
      assert.equal(setting["allocator_background_threads"], "true");
      assert.equal(setting["allocator_flush_threshold"], "16.0 MiB");
    }
    assert.deepEqual(await settings(store), before);
  } finally {
    await store.close();
  }
});

test("a lower memory limit the store was opened with is kept while a file is grouped", async () => {
  const { store, during } = await watchedStore({ SOCIALROI_MEMORY_LIMIT: "150MB" });
  try {
    const before = await settings(store);
    await readEventLog(store, `${DATA}/journeys_event_log.csv`);
    assert.equal(during[0]?.["memory_limit"], before.memory_limit);
    assert.ok(mebibytes(before.memory_limit!) * MIB < 151e6);
    assert.deepEqual(await settings(store), before);
  } finally {
    await store.close();
  }
});

const counts = {
  unattributedConversions: 0,
  unattributedValue: 0,
  halfLifeDays: 7,
  journeysWithoutTimes: 0,
  convertingJourneys: 2,
};

const character = (number: number) =>
  String.fromCodePoint(
    number + CHANNEL_CODE_POINT + (number + CHANNEL_CODE_POINT >= SURROGATES ? SURROGATE_COUNT : 0),
  );

test("the paths' text: channel numbers past the surrogates, channels in no path left out", () => {
  const far = SURROGATES; // numbered past the surrogates' range
  const names = Array.from({ length: far + 1 }, (_, number) => `channel ${String(number).padStart(6, "0")}`);
  const text = [
    [0, far],
    [far, 2],
  ]
    .map((path) => path.map(character).join(""))
    .join(" ");
  const decay = new Array<number>(names.length).fill(0);
  decay[2] = 0.5;
  decay[far] = 1.5;
  const aggregated = pathsFromText(
    names,
    text,
    { conversions: [1, 2], values: [10, 20], nulls: [0, 1] },
    { conversions: decay, value: decay },
    counts,
  );
  assert.deepEqual(aggregated.channels, [names[0], names[2], names[far]]);
  assert.deepEqual(
    aggregated.paths.map((path) => path.channels),
    [
      [0, 2],
      [2, 1],
    ],
  );
  assert.deepEqual(
    aggregated.paths.map((path) => [path.conversions, path.value, path.nulls]),
    [
      [1, 10, 0],
      [2, 20, 1],
    ],
  );
  assert.deepEqual(aggregated.timeDecay.conversions, [0, 0.5, 1.5]);
  assert.equal(aggregated.totalConversions, 3);
});

test("the paths' text renumbered and sorted as JavaScript sorts the names; a text of other paths refused", () => {
  const names = ["x", "b", "a"];
  const text = [[0], [2, 1]].map((path) => path.map(character).join("")).join(" ");
  const figures = { conversions: [1, 2], values: [3, 4], nulls: [0, 0] };
  const decay = { conversions: [1, 0, 2], value: [1, 0, 2] };
  const aggregated = pathsFromText(names, text, figures, decay, counts);
  assert.deepEqual(aggregated.channels, ["a", "b", "x"]);
  assert.deepEqual(
    aggregated.paths.map((path) => [path.channels, path.conversions]),
    [
      [[0, 1], 2],
      [[2], 1],
    ],
  );
  assert.deepEqual(aggregated.timeDecay.conversions, [2, 0, 1]);
  assert.throws(() => pathsFromText(names, `${text} ${character(1)}`, figures, decay, counts), /2 paths/);
  assert.throws(() => pathsFromText(names, "", figures, decay, counts), /2 paths/);
});
