import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { migrate } from "../../src/store/duckdb/migrations.js";
import { updateWorkspace } from "../../src/store/workspaces.js";
import { recordConversion } from "../../src/tracking/record-conversion.js";
import { CONVERSION_HEADER, POST_HEADER, testWorkspace, trackingDeps } from "../helpers.js";

const SPRING = { from: "2026-03-01", to: "2026-04-30" };

/** Late on 31 March in UTC is already 1 April in Brussels (UTC+2 since 29 March). */
async function lateMarchWorkspace() {
  const t = await testWorkspace({ timezone: "UTC" });
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "s1,2026-03-31T23:30:00Z,sale,80,EUR,facebook,spring,c1,",
      "l1,2026-03-31T22:30:00Z,lead,,,facebook,spring,c2,",
      "l2,2026-03-15T12:00:00Z,lead,,,x,,c3,",
    ].join("\n"),
  );
  await t.load(
    "posts.csv",
    `${POST_HEADER}\np1,facebook,2026-03-31T23:00:00Z,photo,late post,spring,100,80,10,5,1,1,3\n`,
  );
  return t;
}

type Month = { key: string; revenue: number; leads: number; posts: number };
const months = (rows: Month[]) =>
  rows.map(({ key, revenue, leads, posts }) => ({ key, revenue, leads, posts }));

test("rows store their local day, and a new time zone moves them to the right month", async () => {
  const t = await lateMarchWorkspace();
  const byMonth = async () => months((await computeRoi(t.store, t.workspace, SPRING, "month")).rows);
  assert.deepEqual(await byMonth(), [{ key: "2026-03", revenue: 80, leads: 2, posts: 1 }]);

  t.workspace = await updateWorkspace(t.store, t.workspace.id, { timezone: "Europe/Brussels" });
  const days = await t.store.all<{ id: string; day: string }>(
    `SELECT conversion_id AS id, strftime(local_day, '%Y-%m-%d') AS day FROM conversions
     UNION ALL SELECT post_id, strftime(local_day, '%Y-%m-%d') FROM posts ORDER BY id`,
  );
  assert.deepEqual(days, [
    { id: "l1", day: "2026-04-01" },
    { id: "l2", day: "2026-03-15" },
    { id: "p1", day: "2026-04-01" },
    { id: "s1", day: "2026-04-01" },
  ]);
  assert.deepEqual(await byMonth(), [
    { key: "2026-03", revenue: 0, leads: 1, posts: 0 },
    { key: "2026-04", revenue: 80, leads: 1, posts: 1 },
  ]);
  await t.close();
});

test("a tracked conversion is stored with its local day and counted on it", async () => {
  const t = await lateMarchWorkspace();
  t.workspace = await updateWorkspace(t.store, t.workspace.id, { timezone: "Europe/Brussels" });
  const deps = trackingDeps(t.store, t.workspace.id);
  const direct = { click_id: null, network: "x", campaign: null, post_id: null };
  // 00:15 on 1 April and 23:15 on 31 March in Brussels.
  await recordConversion(deps, {
    type: "sale",
    idempotencyKey: "INV-9",
    value: 20,
    currency: "EUR",
    occurredAt: new Date("2026-03-31T22:15:00Z"),
    extra: {},
    fallback: direct,
  });
  await recordConversion(deps, {
    type: "lead",
    idempotencyKey: "L-9",
    occurredAt: new Date("2026-03-31T21:15:00Z"),
    extra: {},
    fallback: direct,
  });
  const report = await computeRoi(t.store, t.workspace, SPRING, "month");
  assert.deepEqual(months(report.rows), [
    { key: "2026-03", revenue: 0, leads: 2, posts: 0 },
    { key: "2026-04", revenue: 100, leads: 1, posts: 1 },
  ]);
  const march = await computeRoi(t.store, t.workspace, { from: "2026-03-01", to: "2026-03-31" }, "network");
  assert.equal(march.total.revenue, 0);
  await t.close();
});

test("the migration gives rows stored before it their local day", async () => {
  const t = await lateMarchWorkspace();
  t.workspace = await updateWorkspace(t.store, t.workspace.id, { timezone: "Europe/Brussels" });
  // The database as it was before version 5.
  await t.store.run("ALTER TABLE posts DROP COLUMN local_day");
  await t.store.run("ALTER TABLE conversions DROP COLUMN local_day");
  await t.store.run("DELETE FROM schema_migrations WHERE version = 5");
  await migrate(t.store);
  const [row] = await t.store.all<{ day: string }>(
    "SELECT strftime(local_day, '%Y-%m-%d') AS day FROM conversions WHERE conversion_id = 's1'",
  );
  assert.equal(row?.day, "2026-04-01");
  await t.close();
});
