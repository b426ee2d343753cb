import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { buildApp } from "../../src/server/app.js";
import { authorizedInject, CONVERSION_HEADER, near, testWorkspace } from "../helpers.js";

const MARCH = { from: "2026-03-01", to: "2026-03-31" };
const LEADS = Array.from(
  { length: 7 },
  (_, i) => `l${i},2026-03-${String(i + 2).padStart(2, "0")}T09:00:00Z,lead,,,linkedin,,p${i},`,
);

test("a rule given through the API as probability × price values each outcome at their product", async () => {
  const t = await testWorkspace();
  await t.load("conversions.csv", [CONVERSION_HEADER, ...LEADS].join("\n"));
  const app = await buildApp({ store: t.store, workspace: t.workspace });
  const inject = await authorizedInject(app, t.store, t.workspace.id);
  const response = await inject({
    method: "POST",
    url: "/api/value-rules",
    payload: { outcome: "lead", probability: 0.2, price: 45, currency: "EUR", valid_from: "2026-03-01" },
  });
  assert.equal(response.statusCode, 201, response.body);
  assert.ok(near(response.json<{ unit_value: number }>().unit_value, 9));
  const { total } = await computeRoi(t.store, t.workspace, MARCH, "network");
  assert.ok(near(total.assigned_value, LEADS.length * 0.2 * 45), `assigned ${total.assigned_value}`);
  await app.close();
  await t.close();
});

test("a rule stored without its unit value before there was one writer still values probability × price", async () => {
  const t = await testWorkspace();
  await t.load("conversions.csv", [CONVERSION_HEADER, ...LEADS].join("\n"));
  await t.store.run(
    `INSERT INTO value_rules (rule_id, workspace_id, outcome, currency, valid_from, probability, price)
     VALUES ('vr_old', $ws, 'lead', 'EUR', DATE '2026-01-01', 0.5, 8)`,
    { ws: t.workspace.id },
  );
  const { total } = await computeRoi(t.store, t.workspace, MARCH, "network");
  assert.ok(near(total.assigned_value, LEADS.length * 4), `assigned ${total.assigned_value}`);
  await t.close();
});
