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
import type { FileReadingStore } from "../../src/store/store.js";

const DATA = "/work/shared/data/attribution";

/**
 * A store that notes, for each grouping statement (the one that reads the file with `read_csv` and
 * groups it into bundles), the memory budget it ran within, if any.
 */
async function watchedStore(): Promise<{ store: FileReadingStore; budgets: (number | undefined)[] }> {
  const store = await openStore(":memory:", {});
  const budgets: (number | undefined)[] = [];
  let budget: number | undefined;
  const all = store.all.bind(store);
  store.all = ((sql, params, rollups) => {
    if (sql.includes("read_csv") && sql.includes("bundles")) budgets.push(budget);
    return all(sql, params, rollups);
  }) as typeof store.all;
  const withMemoryBudget = store.withMemoryBudget.bind(store);
  store.withMemoryBudget = ((extraBytes, work) =>
    withMemoryBudget(extraBytes, async () => {
      budget = extraBytes;
      try {
        return await work();
      } finally {
        budget = undefined;
      }
    })) as typeof store.withMemoryBudget;
  return { store, budgets };
}

test("a file is grouped within a memory budget of 600 MiB beyond what the database holds", async () => {
  const { store, budgets } = await watchedStore();
  try {
    await readEventLog(store, `${DATA}/journeys_event_log.csv`);
    await readPathTable(store, `${DATA}/channelattribution_Data.csv`);
    assert.deepEqual(budgets, [600 * 2 ** 20, 600 * 2 ** 20]);
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
