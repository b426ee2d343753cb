import assert from "node:assert/strict";
import { test } from "node:test";
import { ImportError } from "../../src/ingest/import-error.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { loadStoreJourneys } from "../attribution/journeys-oracle.js";
import { CONVERSION_HEADER, COST_HEADER, POST_HEADER, testWorkspace } from "../helpers.js";

const DAY = "a day from 1970-01-01 to 2100-12-31";
const AMOUNT = "a number from -1e+12 to 1e+12";

/** Files with one bad cell each (on the second row), the column it is in, and what the error expects. */
const REFUSED: [string, string, string, string, string][] = [
  ["costs.csv", COST_HEADER, "0001-01-01,,ads,5,EUR,,,,", "date", DAY],
  ["costs.csv", COST_HEADER, "2026-03-01,9999-12-31,ads,5,EUR,,,,", "end_date", DAY],
  ["costs.csv", COST_HEADER, "2026-03-01,,ads,1e308,EUR,,,,", "amount", AMOUNT],
  ["costs.csv", COST_HEADER, "2026-03-01,,ads,-inf,EUR,,,,", "amount", AMOUNT],
  ["costs.csv", COST_HEADER, "2026-02-30,,ads,5,EUR,,,,", "date", "a date YYYY-MM-DD"],
  ["conversions.csv", CONVERSION_HEADER, "o2,0001-01-01T10:00:00Z,sale,5,EUR,,,,", "occurred_at", DAY],
  ["conversions.csv", CONVERSION_HEADER, "o2,2026-03-01T10:00:00Z,sale,1e308,EUR,,,,", "value", AMOUNT],
  ["posts.csv", POST_HEADER, "p2,x,9999-12-31T10:00:00Z,link,,,1,1,1,1,1,1,1", "published_at", DAY],
  [
    "goals.csv",
    "goal,indicator,target,period_start,period_end,network",
    "reach,reach,10,2026-03-01,9999-12-31,",
    "period_end",
    DAY,
  ],
  [
    "goals.csv",
    "goal,indicator,target,period_start,period_end,network",
    "reach,reach,1e308,2026-03-01,2026-03-31,",
    "target",
    AMOUNT,
  ],
  [
    "rules.csv",
    "outcome,unit_value,currency,valid_from,valid_to",
    "lead,5,EUR,0001-01-01,",
    "valid_from",
    DAY,
  ],
  ["rules.csv", "outcome,unit_value,currency,valid_from,valid_to", "lead,1e308,EUR,,", "unit_value", AMOUNT],
  ["rates.csv", "date,currency,rate_to_reporting", "1969-12-31,USD,0.9", "date", DAY],
];

/** A good first row, so the bad one is the second. */
const GOOD_ROW: Record<string, string> = {
  "costs.csv": "2026-03-01,,ads,5,EUR,,,,",
  "conversions.csv": "o1,2026-03-01T10:00:00Z,sale,5,EUR,,,,",
  "posts.csv": "p1,x,2026-03-01T10:00:00Z,link,,,1,1,1,1,1,1,1",
  "goals.csv": "reach,reach,10,2026-03-01,2026-03-31,",
  "rules.csv": "lead,5,EUR,,",
  "rates.csv": "2026-03-01,USD,0.9",
};

test("a day outside 1970–2100 or an amount beyond ±1e12 in any file is refused, naming row, column and value", async () => {
  const t = await testWorkspace();
  for (const [name, header, row, column, expected] of REFUSED) {
    await assert.rejects(t.load(name, [header, GOOD_ROW[name], row].join("\n")), (error: unknown) => {
      assert.ok(error instanceof ImportError, String(error));
      assert.deepEqual(
        error.problems.map((p) => [p.row, p.column, p.expected]),
        [[2, column, expected]],
        `${name}: ${row}`,
      );
      assert.equal(error.problems[0]?.value, row.split(",")[header.split(",").indexOf(column)]);
      return true;
    });
  }
  // Nothing of the refused files was written: the default period and the reads over it still work.
  assert.deepEqual(
    await t.store.all("SELECT (SELECT count(*) FROM costs) + (SELECT count(*) FROM conversions) AS n"),
    [{ n: 0 }],
  );
  await t.load("costs.csv", `${COST_HEADER}\n2026-03-01,,ads,5,EUR,,,,\n`);
  const period = await dataPeriod(t.store, t.workspace);
  assert.deepEqual(period, { from: "2026-03-01", to: "2026-03-01" });
  assert.equal((await computeRoi(t.store, t.workspace, period, "network")).total.cost, 5);
  await loadStoreJourneys(t.store, t.workspace, period, { lookbackDays: 30, level: "network", sales: "all" });
  await t.close();
});

test("a date range named in the file name must be made of real days to date an export without years", async () => {
  const t = await testWorkspace();
  const export_ = "Date,Video Views,Profile Views,Likes,Comments,Shares\nMarch 3,10,1,1,1,1\n";
  await assert.rejects(t.load("Overview_2024-02-30_2024-03-31.csv", export_), (error: unknown) => {
    assert.ok(error instanceof ImportError, String(error));
    assert.match(error.message, /--year YYYY/);
    return true;
  });
  await t.close();
});
