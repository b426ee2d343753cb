/** Lift tests on every backend: kept per workspace, listed by KPI, removed, each change in the audit log. */
import assert from "node:assert/strict";
import { costInputSchema } from "../../src/api/costs.js";
import { liftTestInputSchema } from "../../src/api/mmm.js";
import { listAuditEntries } from "../../src/audit/audit-entries.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { addLiftTest, LiftTestChannelError } from "../../src/mmm/add-lift-test.js";
import { liftTestsOfKpi, listLiftTests } from "../../src/mmm/list-lift-tests.js";
import { removeLiftTest } from "../../src/mmm/remove-lift-test.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { forEachBackend } from "./backends.js";

const SETTINGS = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
const TEST = {
  channel: "Facebook",
  start: "2026-03-02",
  end: "2026-03-29",
  incremental: 1200,
  low: 800,
  high: 1600,
};

forEachBackend("lift tests: kept per workspace, listed by KPI, removed, audited", async (store) => {
  const a = await createWorkspace(store, { name: "A", ...SETTINGS });
  const b = await createWorkspace(store, { name: "B", ...SETTINGS });
  const ads = costInputSchema.parse({
    date: "2026-03-01",
    category: "ads",
    amount: 500,
    currency: "EUR",
    network: "facebook",
  });
  await createCostEntry(store, a.id, ads);

  await assert.rejects(
    addLiftTest(store, b.id, liftTestInputSchema.parse(TEST)),
    (error: unknown) =>
      error instanceof LiftTestChannelError && /no ad spend on "facebook"/.test(error.message),
  );
  const revenue = await addLiftTest(
    store,
    a.id,
    liftTestInputSchema.parse({ ...TEST, note: "boosts paused in Wallonia" }),
  );
  assert.match(revenue.lift_test_id, /^lift_/);
  assert.deepEqual(
    { ...revenue, lift_test_id: undefined, created_at: undefined },
    {
      lift_test_id: undefined,
      channel: "facebook",
      start: "2026-03-02",
      end: "2026-03-29",
      kpi: "revenue",
      incremental: 1200,
      low: 800,
      high: 1600,
      note: "boosts paused in Wallonia",
      created_at: undefined,
    },
  );
  assert.match(revenue.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const leads = await addLiftTest(store, a.id, liftTestInputSchema.parse({ ...TEST, kpi: "leads" }));

  assert.deepEqual(await listLiftTests(store, a.id), [revenue, leads]);
  assert.deepEqual(await listLiftTests(store, b.id), []);
  assert.deepEqual(await liftTestsOfKpi(store, a.id, "leads"), [
    {
      id: leads.lift_test_id,
      channel: "facebook",
      start: TEST.start,
      end: TEST.end,
      incremental: 1200,
      low: 800,
      high: 1600,
    },
  ]);

  assert.equal(await removeLiftTest(store, b.id, revenue.lift_test_id), false, "another workspace's test");
  assert.equal(await removeLiftTest(store, a.id, revenue.lift_test_id), true);
  assert.equal(await removeLiftTest(store, a.id, revenue.lift_test_id), false, "removed already");
  assert.deepEqual(await listLiftTests(store, a.id), [leads]);

  const audit = (await listAuditEntries(store, a.id, { from: "2000-01-01", to: "2100-01-01" })).filter(
    (entry) => entry.object_type === "lift_test",
  );
  assert.deepEqual(
    audit.map((entry) => [entry.action, entry.object_id]).sort(),
    [
      ["create", leads.lift_test_id],
      ["create", revenue.lift_test_id],
      ["delete", revenue.lift_test_id],
    ].sort(),
  );
  const removed = audit.find((entry) => entry.action === "delete");
  assert.deepEqual(removed?.old_value, revenue);
});
