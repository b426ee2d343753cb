import assert from "node:assert/strict";
import { test } from "node:test";
import { NETWORK_ALIASES } from "../../src/domain/network.js";
import { ImportError } from "../../src/ingest/import-error.js";
import { blankToNull } from "../../src/ingest/sql-parse.js";
import type { Params } from "../../src/store/store.js";
import { conversionFiles, openSession } from "./helpers.js";

/**
 * The shortcuts that keep a first import near DuckDB's own read_csv (bench/core.ts) take the same
 * rows and refuse the same ones as the plain checks they stand for.
 */

const csv = conversionFiles("socialroi-import-speed-");

test("a cell is read without the spaces around it exactly as trim reads it, for every kind of space", async () => {
  const session = await openSession();
  const cells = [
    "EUR",
    " EUR",
    "EUR ",
    "\u00a0EUR\u00a0",
    "EUR\u3000",
    "\u202fEUR",
    "\tEUR\t",
    "é",
    " é ",
    "",
    " ",
    "-",
    " - ",
    "\u2003-\u2003",
    "a b",
    null,
  ];
  for (const cell of cells) {
    const [row] = await session.store.all<{ same: boolean; read: string | null }>(
      `SELECT ${blankToNull("$cell")} IS NOT DISTINCT FROM nullif(nullif(trim($cell), ''), '-') AS same, ${blankToNull("$cell")} AS read`,
      { cell } as Params,
    );
    assert.equal(row?.same, true, `cell ${JSON.stringify(cell)} read as ${JSON.stringify(row?.read)}`);
  }
});

test("instants are kept within the days every door accepts, the edges counted in UTC", async () => {
  const cases: [string, boolean][] = [
    ["1970-01-01T00:00:00Z", true],
    ["1969-12-31T23:59:59Z", false],
    ["1970-01-01T00:30:00+01:00", false],
    ["2100-12-31T23:59:59Z", true],
    ["2100-12-31T23:30:00-01:00", false],
    ["2101-01-01T00:00:00Z", false],
  ];
  for (const [instant, accepted] of cases) {
    const session = await openSession();
    const file = csv("edge.csv", [`o-1,${instant},sale,10,EUR,facebook,launch,c-1,`]);
    if (accepted) {
      const report = await session.importPath(file);
      assert.equal(report.tables[0]?.inserted, 1, instant);
      continue;
    }
    await assert.rejects(session.importPath(file), (error: unknown) => {
      assert.ok(error instanceof ImportError, instant);
      assert.match(error.message, /row 1, column "occurred_at"/, instant);
      return true;
    });
  }
});

test("an id rounded by a spreadsheet is refused and an id merely holding E+ is not", async () => {
  const session = await openSession();
  const refused = csv("rounded.csv", [
    "1.04579475295885E+18,2026-03-04T10:00:00Z,sale,80,EUR,facebook,launch,c-1,",
  ]);
  await assert.rejects(session.importPath(refused), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.match(error.message, /row 1, column "conversion_id".*Excel rounded this id/);
    return true;
  });
  const kept = csv("e-plus.csv", ["ORDER-E+12,2026-03-04T10:00:00Z,sale,80,EUR,facebook,launch,c-1,"]);
  assert.equal((await session.importPath(kept)).tables[0]?.inserted, 1);
});

test("the networks aliases stand for are accepted as any valid network id is, and an invalid one is refused", async () => {
  const session = await openSession();
  const networks = [...new Set(Object.values(NETWORK_ALIASES)), "pinterest", "mastodon.social"];
  const file = csv(
    "networks.csv",
    networks.map((network, i) => `o-${i},2026-03-04T10:00:00Z,sale,1,EUR,${network},launch,c-1,`),
  );
  assert.equal((await session.importPath(file)).tables[0]?.inserted, networks.length);
  const refused = csv("bad-network.csv", ["o-1,2026-03-04T10:00:00Z,sale,1,EUR,face book,launch,c-1,"]);
  await assert.rejects(
    openSession().then((other) => other.importPath(refused)),
    (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.match(error.message, /row 1, column "network": found "face book"/);
      return true;
    },
  );
});

test("a first import counts a key repeated several times once, and a key shared by two types twice", async () => {
  const session = await openSession();
  const file = csv("repeats.csv", [
    "o-1,2026-03-04T10:00:00Z,sale,80,EUR,facebook,launch,c-1,",
    "o-1,2026-03-05T10:00:00Z,sale,81,EUR,facebook,launch,c-1,",
    "o-1,2026-03-06T10:00:00Z,sale,82,EUR,facebook,launch,c-1,",
    "o-1,2026-03-07T10:00:00Z,refund,80,EUR,,,c-1,",
    "o-2,2026-03-07T10:00:00Z,sale,5,EUR,x,launch,c-2,",
  ]);
  const report = await session.importPath(file);
  assert.deepEqual(
    report.tables.map((t) => [t.rows, t.inserted, t.repeated]),
    [[5, 3, 2]],
  );
  assert.deepEqual(
    await session.rows("SELECT conversion_id, type, value FROM conversions ORDER BY conversion_id, type"),
    [
      { conversion_id: "o-1", type: "refund", value: 80 },
      { conversion_id: "o-1", type: "sale", value: 80 },
      { conversion_id: "o-2", type: "sale", value: 5 },
    ],
  );
});

test("a first import is written by one statement that DuckDB plans as a batch insert, without a join", async () => {
  const session = await openSession();
  const written: { sql: string; params?: Params }[] = [];
  const run = session.store.run.bind(session.store);
  session.store.run = (sql, params) => {
    if (sql.startsWith('INSERT INTO "conversions"')) written.push({ sql, params });
    return run(sql, params);
  };
  const file = csv("plan.csv", ["o-1,2026-03-04T10:00:00Z,sale,80,EUR,facebook,launch,c-1,"]);
  await session.importPath(file);
  assert.equal(written.length, 1);
  const plan = await session.store.all<{ explain_value: string }>(
    `EXPLAIN ${written[0]?.sql}`,
    written[0]?.params,
  );
  const text = plan.map((row) => row.explain_value).join("\n");
  // A join anywhere under the insert (a long IN list becomes one) makes DuckDB write on one thread.
  assert.match(text, /BATCH_INSERT/);
  assert.doesNotMatch(text, /JOIN/);
});
