import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { ROI_LEVELS } from "../../src/roi/roi-query.js";
import type { Params, Store } from "../../src/store/store.js";
import { CONVERSION_HEADER, COST_HEADER, POST_HEADER, testWorkspace } from "../helpers.js";

const MARCH = { from: "2026-03-01", to: "2026-03-31" };

/** Every statement a store is asked to run, with its parameters. */
function recording(store: Store): { store: Store; statements: { sql: string; params?: Params }[] } {
  const statements: { sql: string; params?: Params }[] = [];
  return {
    statements,
    store: {
      dialect: store.dialect,
      location: store.location,
      localFiles: store.localFiles,
      secrets: store.secrets,
      onChange: (table, listener) => store.onChange(table, listener),
      dataVersion: () => store.dataVersion(),
      all: (sql, params, rollups) => {
        statements.push({ sql, params });
        for (const rollup of Object.values(rollups ?? {})) statements.push({ sql: rollup.duckdb, params });
        return store.all(sql, params, rollups);
      },
      run: (sql, params) => {
        statements.push({ sql, params });
        return store.run(sql, params);
      },
      transaction: (work) => store.transaction(work),
      eraseDeletedWorkspace: (workspaceId) => store.eraseDeletedWorkspace(workspaceId),
      close: () => store.close(),
    },
  };
}

test("the ROI SQL text holds none of the data's values: outcomes, campaigns and credited keys are parameters", async () => {
  const t = await testWorkspace();
  const campaign = "camp'aign-7f3a";
  const outcome = "sign'up-9c1e";
  const touchCampaign = "jour'ney-41d2";
  await t.load("costs.csv", `${COST_HEADER}\n2026-03-01,,ads,100,EUR,linkedin,"${campaign}",,\n`);
  await t.load(
    "posts.csv",
    `${POST_HEADER}\np1,linkedin,2026-03-02T10:00:00Z,link,hello,"${campaign}",1000,800,50,20,5,3,40\n`,
  );
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      `s1,2026-03-05T10:00:00Z,sale,80,EUR,,,cust-1,`,
      `u1,2026-03-06T10:00:00Z,"${outcome}",,,linkedin,"${campaign}",cust-2,`,
    ].join("\n"),
  );
  await t.load(
    "touchpoints.csv",
    `customer_id,occurred_at,channel,network,campaign\ncust-1,2026-03-04T10:00:00Z,Organic Social,x,"${touchCampaign}"\n`,
  );
  await t.load(
    "rules.csv",
    `outcome,unit_value,currency,valid_from,valid_to\n"${outcome}",12,EUR,,\nlink_click,0.5,EUR,2026-03-10,\n`,
  );
  const { store, statements } = recording(t.store);
  const byCampaign = await computeRoi(store, t.workspace, MARCH, "campaign");
  // The paths that once inlined values ran: a custom outcome valued, and a sale credited through its journey.
  assert.equal(byCampaign.rows.find((r) => r.key === campaign)?.assigned_value, 12);
  assert.equal(byCampaign.rows.find((r) => r.key === touchCampaign)?.revenue, 80);
  for (const level of ROI_LEVELS) await computeRoi(store, t.workspace, MARCH, level);
  const values = [t.workspace.id, campaign, outcome, touchCampaign, "cust-1", "linkedin", "2026-03-01"];
  for (const { sql } of statements)
    for (const value of values) assert.ok(!sql.includes(value), `${value} in ${sql.slice(0, 200)}…`);
  await t.close();
});
