import assert from "node:assert/strict";
import { test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { CONVERSION_HEADER, COST_HEADER, testWorkspace } from "../helpers.js";

/**
 * The ROI query's scope (what the period's data asks of it) is kept between questions while the
 * store's data stands: every write, and a rollback, makes the next question read it again.
 */

const MARCH = { from: "2026-03-01", to: "2026-03-31" };

test("a scope kept between questions is read again after a write, so a cost of no network added since is set apart", async () => {
  const t = await testWorkspace();
  try {
    await t.load(
      "costs.csv",
      `${COST_HEADER}\n2026-03-02,,ads,100,EUR,facebook,,,\n2026-03-02,,ads,100,EUR,linkedin,,,`,
    );
    await t.load(
      "sales.csv",
      `${CONVERSION_HEADER}\ns1,2026-03-05T10:00:00Z,sale,50,EUR,facebook,,c1,\ns2,2026-03-05T11:00:00Z,sale,70,EUR,linkedin,,c2,`,
    );
    const statements: string[] = [];
    const store = new Proxy(t.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== "function") return value;
        if (name !== "all") return value.bind(target);
        return (sql: string, ...rest: unknown[]) => {
          statements.push(sql);
          return value.call(target, sql, ...rest);
        };
      },
    });
    const scopes = () => statements.filter((sql) => sql.includes("FROM value_rules")).length;
    const costs = async () =>
      Object.fromEntries(
        (await computeRoi(store, t.workspace, MARCH, "network")).rows.map((r) => [r.key, r.cost]),
      );

    assert.deepEqual(await costs(), { facebook: 100, linkedin: 100 });
    assert.deepEqual(await costs(), { facebook: 100, linkedin: 100 });
    assert.equal(scopes(), 1, "the same question, the data unchanged: the scope is kept");

    // A cost of no network, with no post to share it by: set apart as unallocated. A stale scope (no
    // shared cost) would have shown it as a cost of no network, "(none)".
    const shared = { "(unallocated)": 50, facebook: 100, linkedin: 100 };
    await t.load("tool.csv", `${COST_HEADER}\n2026-03-10,,tools,50,EUR,,,,`);
    assert.deepEqual(await costs(), shared);
    assert.equal(scopes(), 2, "read again after the import");

    // Written, then rolled back: the scope read inside the transaction is not kept past it.
    await assert.rejects(
      t.store.transaction(async () => {
        await t.store.run("DELETE FROM costs WHERE network IS NULL");
        assert.deepEqual(await costs(), { facebook: 100, linkedin: 100 });
        throw new Error("rolled back");
      }),
      /rolled back/,
    );
    assert.deepEqual(await costs(), shared);
    assert.equal(scopes(), 4);
  } finally {
    await t.close();
  }
});
