import assert from "node:assert/strict";
import { test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { withRollupCtes } from "../../src/store/rollups.js";

const ROLLUPS = {
  evens: {
    duckdb: "SELECT range AS n FROM range(10) WHERE range % 2 = 0",
    clickhouse: "",
    columns: { n: "BIGINT" },
  },
  odds: {
    duckdb: "SELECT range AS n FROM range(10) WHERE range % 2 = 1",
    clickhouse: "",
    columns: { n: "BIGINT" },
  },
};

test("the embedded form puts the rollups first among the query's common table expressions", async () => {
  const store = await DuckDbStore.open(":memory:");
  try {
    const plain = "SELECT (SELECT sum(n) FROM evens) AS evens, (SELECT sum(n) FROM odds) AS odds";
    const withOwn =
      "WITH both_sums AS (SELECT (SELECT sum(n) FROM evens) + (SELECT sum(n) FROM odds) AS total) SELECT total FROM both_sums";
    assert.match(withRollupCtes(withOwn, ROLLUPS), /^WITH evens AS \(.*\),\nodds AS \(.*\),\nboth_sums AS/s);
    assert.deepEqual(await store.all(plain, {}, ROLLUPS), [{ evens: 20, odds: 25 }]);
    assert.deepEqual(await store.all(withOwn, {}, ROLLUPS), [{ total: 45 }]);
  } finally {
    await store.close();
  }
});
