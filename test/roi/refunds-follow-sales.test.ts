import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { CONVERSION_HEADER, testWorkspace } from "../helpers.js";

const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

/** Canonical lines: sales with and without a network, refunds that name no network of their own. */
const SALES = [
  CONVERSION_HEADER,
  // Undirected sales of identified customers: credited through journeys.
  "o1,2026-03-04T10:00:00Z,sale,100,EUR,,,c1,",
  "o2,2026-03-06T10:00:00Z,sale,30,EUR,,,c2,",
  "o3,2026-03-07T10:00:00Z,sale,20,EUR,,,c2,",
  // A directed sale.
  "o4,2026-03-05T10:00:00Z,sale,50,EUR,facebook,spring,c3,",
];
const REFUNDS = [
  CONVERSION_HEADER,
  "o1,2026-03-10T10:00:00Z,refund,40,EUR,,,c1,",
  "o2,2026-03-11T10:00:00Z,refund,30,EUR,,,,",
  "o4,2026-03-12T10:00:00Z,refund,10,EUR,,,,",
];

async function workspace(order: "sales first" | "refunds first") {
  const t = await testWorkspace();
  await t.load(
    "touchpoints.csv",
    [
      "customer_id,occurred_at,channel,network,campaign",
      "c1,2026-03-02T10:00:00Z,Organic Social,instagram,",
    ].join("\n"),
  );
  const files = { "sales.csv": SALES.join("\n"), "refunds.csv": REFUNDS.join("\n") };
  const names = order === "sales first" ? ["sales.csv", "refunds.csv"] : ["refunds.csv", "sales.csv"];
  for (const name of names) await t.load(name, files[name as keyof typeof files]);
  return t;
}

function byKey(rows: { key: string; revenue: number; customers: number }[]) {
  return Object.fromEntries(rows.map((r) => [r.key, { revenue: r.revenue, customers: r.customers }]));
}

for (const order of ["sales first", "refunds first"] as const) {
  test(`a refund follows its sale's network and credit, whatever the import order (${order})`, async () => {
    const t = await workspace(order);
    const report = await computeRoi(t.store, t.workspace, PERIOD, "network");
    // Computed from the lines above: o1 (c1) credited to instagram, 100 - 40; o2 and o3 (c2) have no
    // touch, 30 - 30 + 20; o4 is facebook's own, 50 - 10. Nothing is left under "(none)".
    assert.deepEqual(byKey(report.rows), {
      "(unattributed)": { revenue: 20, customers: 1 },
      facebook: { revenue: 40, customers: 1 },
      instagram: { revenue: 60, customers: 1 },
    });
    assert.equal(report.total.revenue, 100 - 40 + 30 - 30 + 20 + 50 - 10);
    assert.equal(report.total.customers, 3);
    const stored = await t.store.all<{
      conversion_id: string;
      network: string | null;
      campaign: string | null;
    }>(
      "SELECT conversion_id, network, campaign FROM conversions WHERE type = 'refund' ORDER BY conversion_id",
    );
    assert.deepEqual(stored, [
      { conversion_id: "o1", network: null, campaign: null },
      { conversion_id: "o2", network: null, campaign: null },
      { conversion_id: "o4", network: "facebook", campaign: "spring" },
    ]);
    await t.close();
  });
}

test("importing the refunds again changes nothing once they follow their sales", async () => {
  const t = await workspace("refunds first");
  const again = await t.load("refunds.csv", REFUNDS.join("\n"));
  assert.equal(
    again.tables.reduce((sum, table) => sum + table.updated + table.inserted, 0),
    0,
  );
  await t.close();
});

test("with a model, customers are shared out like the revenue, and rows add up to the total", async () => {
  const t = await workspace("sales first");
  const report = await computeRoi(t.store, t.workspace, PERIOD, "network", undefined, {
    model: "last_touch",
  });
  const sum = (field: "revenue" | "customers" | "new_customers") =>
    report.rows.reduce((total, row) => total + row[field], 0);
  assert.equal(sum("revenue"), report.total.revenue);
  assert.equal(sum("customers"), report.total.customers);
  assert.equal(sum("new_customers"), report.total.new_customers);
  await t.close();
});
