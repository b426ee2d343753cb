import assert from "node:assert/strict";
import { test } from "node:test";
import { migrate } from "../../src/store/duckdb/migrations.js";
import { updateWorkspace } from "../../src/store/workspaces.js";
import { recordConversion } from "../../src/tracking/record-conversion.js";
import { CONVERSION_HEADER, type TestWorkspace, testWorkspace, trackingDeps } from "../helpers.js";

/** The counts by day, and the same counts taken from the conversions themselves. */
async function countsBothWays(t: TestWorkspace) {
  const order = "ORDER BY day, network, campaign, post_id, type, currency";
  const columns = "strftime(local_day, '%Y-%m-%d') AS day, network, campaign, post_id, type, currency";
  const stored = await t.store.all(`SELECT ${columns}, conversions, amount FROM conversion_days ${order}`);
  const counted = await t.store.all(
    `SELECT ${columns}, count(*) AS conversions, sum(abs(value)) AS amount FROM conversions
     GROUP BY ALL ${order}`,
  );
  return { stored, counted };
}

test("the counts by day follow every write to conversions: imports, re-imports, tracking, a new time zone", async () => {
  const t = await testWorkspace({ timezone: "UTC" });
  const check = async (step: string) => {
    const { stored, counted } = await countsBothWays(t);
    assert.ok(counted.length > 0, step);
    assert.deepEqual(stored, counted, step);
  };
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "s1,2026-03-31T23:30:00Z,sale,80,EUR,facebook,spring,c1,",
      "s2,2026-03-31T10:00:00Z,sale,20,EUR,facebook,spring,c2,",
      "r1,2026-04-02T10:00:00Z,refund,-15,EUR,facebook,spring,c1,",
      "l1,2026-03-15T12:00:00Z,lead,,,x,,c3,",
    ].join("\n"),
  );
  await check("first import");
  // s2 moves to another day and network, a lead is added.
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "s2,2026-04-05T10:00:00Z,sale,25,EUR,x,spring,c2,",
      "l2,2026-03-15T13:00:00Z,lead,,,x,,c4,",
    ].join("\n"),
  );
  await check("re-import that moves a row");
  await recordConversion(trackingDeps(t.store, t.workspace.id), {
    type: "lead",
    idempotencyKey: "L-1",
    occurredAt: new Date("2026-03-15T18:00:00Z"),
    extra: {},
  });
  await check("tracked conversion");
  t.workspace = await updateWorkspace(t.store, t.workspace.id, { timezone: "Asia/Tokyo" });
  await check("new time zone");
  const [day] = await t.store.all<{ conversions: number }>(
    "SELECT conversions FROM conversion_days WHERE local_day = DATE '2026-04-01' AND type = 'sale'",
  );
  assert.equal(Number(day?.conversions), 1, "23:30 UTC on 31 March is 1 April in Tokyo");
  await t.close();
});

/** Each customer's first click as stored, and as the customer's earliest conversion with a click gives it. */
async function firstClicksBothWays(t: TestWorkspace) {
  const stored = await t.store.all(
    "SELECT customer_id, first_click_id FROM customer_first_clicks ORDER BY customer_id",
  );
  const counted = await t.store.all(
    `SELECT customer_id, arg_min(click_id, occurred_at) AS first_click_id FROM conversions
     WHERE customer_id IS NOT NULL AND click_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id`,
  );
  return { stored, counted };
}

test("an import that only adds rows recounts only their days, and each other kind of import stays exact", async () => {
  const t = await testWorkspace({ timezone: "UTC" });
  const check = async (step: string) => {
    const days = await countsBothWays(t);
    assert.ok(days.counted.length > 0, step);
    assert.deepEqual(days.stored, days.counted, step);
    const clicks = await firstClicksBothWays(t);
    assert.deepEqual(clicks.stored, clicks.counted, step);
    return clicks.stored;
  };
  const load = (lines: string[]) => t.load("conversions.csv", [CONVERSION_HEADER, ...lines].join("\n"));
  await load([
    "s1,2026-03-01T10:00:00Z,sale,80,EUR,facebook,spring,c1,k1",
    "s2,2026-03-02T10:00:00Z,sale,20,EUR,x,spring,c2,k2",
  ]);
  await check("first import");
  // Only new rows, one on a day already counted, one on a new day, a customer seen before with a
  // later click and a new customer; the file repeats a key (the first row is kept).
  const added = await load([
    "s3,2026-03-02T12:00:00Z,sale,5,EUR,x,spring,c1,k3",
    "s4,2026-03-05T09:00:00Z,sale,7,EUR,instagram,,c3,k4",
    "s4,2026-03-06T09:00:00Z,sale,9,EUR,instagram,,c3,k5",
  ]);
  assert.equal(added.tables[0]?.updated, 0);
  await check("rows only added");
  // A refund without a source before its sale, then the sale: the refund takes the sale's network.
  await load(["s9,2026-03-20T10:00:00Z,refund,-3,EUR,,,c4,"]);
  await check("a refund without its sale");
  await load(["s9,2026-03-10T10:00:00Z,sale,30,EUR,linkedin,autumn,c4,k9"]);
  const [refund] = await t.store.all<{ network: string }>(
    "SELECT network FROM conversion_days WHERE type = 'refund'",
  );
  assert.equal(refund?.network, "linkedin");
  const firstClicks = await check("its sale, later");
  // A stored row changed: moved to another day and network. Its customer keeps the first click
  // once kept, though another of their clicks is now earlier.
  const changed = await load(["s1,2026-03-07T10:00:00Z,sale,80,EUR,tiktok,spring,c1,k1"]);
  assert.equal(changed.tables[0]?.updated, 1);
  const days = await countsBothWays(t);
  assert.deepEqual(days.stored, days.counted, "a stored row moved");
  assert.deepEqual((await firstClicksBothWays(t)).stored, firstClicks);
  await t.close();
});

test("migrations 8 and 9 give tracked conversions stored without one their local day, and count them", async () => {
  const t = await testWorkspace({ timezone: "Europe/Brussels" });
  // The database as it was before version 8, with a conversion tracked then.
  await t.store.run("DROP TABLE conversion_days");
  await t.store.run("ALTER TABLE conversions ALTER COLUMN local_day DROP NOT NULL");
  await t.store.run(
    `INSERT INTO conversions (workspace_id, conversion_id, occurred_at, type, value, currency)
     VALUES ($ws, 'cnv_1', TIMESTAMPTZ '2026-03-31 22:15:00+00', 'sale', 20, 'EUR')`,
    { ws: t.workspace.id },
  );
  await t.store.run("DELETE FROM schema_migrations WHERE version IN (8, 9)");
  await migrate(t.store);
  assert.deepEqual(
    await t.store.all(
      "SELECT strftime(local_day, '%Y-%m-%d') AS day, type, conversions, amount FROM conversion_days",
    ),
    [{ day: "2026-04-01", type: "sale", conversions: 1, amount: 20 }],
  );
  await assert.rejects(
    t.store.run(
      `INSERT INTO conversions (workspace_id, conversion_id, occurred_at, type) VALUES ($ws, 'cnv_2', now(), 'lead')`,
      { ws: t.workspace.id },
    ),
    /NOT NULL constraint failed: conversions.local_day/,
  );
  await t.close();
});
