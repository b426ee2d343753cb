import assert from "node:assert/strict";
import { test } from "node:test";
import type { AllocationRule } from "../../src/domain/workspace.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { CONVERSION_HEADER, COST_HEADER, near, POST_HEADER, testWorkspace } from "../helpers.js";

const MARCH = { from: "2026-03-01", to: "2026-03-31" };

test("the seed articles' worked example: $500 of Facebook ads, 20 sales of $80, 30 leads at $5", async () => {
  const t = await testWorkspace({ currency: "USD" });
  await t.load(
    "costs.csv",
    `${COST_HEADER}\n2026-03-01,2026-03-31,ads,500,USD,facebook,spring,Facebook ads,\n`,
  );
  const sales = Array.from(
    { length: 20 },
    (_, i) => `s${i},2026-03-${String(i + 5).padStart(2, "0")}T10:00:00Z,sale,80,USD,facebook,spring,c${i},`,
  );
  const leads = Array.from(
    { length: 30 },
    (_, i) =>
      `l${i},2026-03-${String((i % 28) + 1).padStart(2, "0")}T09:00:00Z,lead,,,facebook,spring,p${i},`,
  );
  await t.load("conversions.csv", [CONVERSION_HEADER, ...sales, ...leads].join("\n"));
  await t.load("rules.csv", "outcome,unit_value,currency,valid_from,valid_to\nlead,5,USD,,\n");
  const report = await computeRoi(t.store, t.workspace, MARCH, "network");
  const facebook = report.rows.find((r) => r.key === "facebook");
  assert.ok(facebook);
  assert.equal(facebook.cost, 500);
  assert.equal(facebook.revenue, 1600);
  assert.equal(facebook.assigned_value, 150);
  assert.ok(near(facebook.revenue_roi, 2.2));
  assert.ok(near(facebook.total_roi, 2.5));
  assert.ok(near(facebook.roas, 3.2));
  assert.ok(near(facebook.cpl, 500 / 30));
  assert.ok(near(facebook.cpa, 25));
  assert.deepEqual({ ...report.total, key: "facebook" }, facebook);
  await t.close();
});

test("costs: one-off, spread by day with inclusive bounds, monthly recurrence clamped to month ends", async () => {
  const t = await testWorkspace();
  await t.load(
    "costs.csv",
    [
      COST_HEADER,
      "2026-03-15,,tools,40,EUR,x,,one-off,",
      "2026-03-01,2026-03-31,content,310,EUR,x,,spread,",
      "2026-01-31,2026-04-30,team,100,EUR,x,,recurring,monthly",
    ].join("\n"),
  );
  const cost = async (from: string, to: string) =>
    (await computeRoi(t.store, t.workspace, { from, to }, "network")).total.cost;
  assert.equal(await cost("2026-03-10", "2026-03-19"), 40 + 100);
  assert.equal(await cost("2026-03-01", "2026-03-01"), 10);
  assert.equal(await cost("2026-03-31", "2026-03-31"), 10 + 100);
  // Jan 31, Feb 28, Mar 31, Apr 30: four occurrences.
  assert.equal(await cost("2026-01-01", "2026-12-31"), 40 + 310 + 400);
  assert.equal(await cost("2026-02-01", "2026-02-28"), 100);
  await t.close();
});

test("amounts convert with the latest rate on or before their day", async () => {
  const t = await testWorkspace();
  await t.load("rates.csv", "date,currency,rate_to_reporting\n2026-03-01,USD,0.9\n2026-03-10,USD,0.8\n");
  await t.load("costs.csv", `${COST_HEADER}\n2026-03-05,,ads,100,USD,x,,,\n2026-03-12,,ads,100,USD,x,,,\n`);
  await t.load("conversions.csv", `${CONVERSION_HEADER}\no1,2026-03-10T08:00:00Z,sale,50,USD,x,,c1,\n`);
  const { total } = await computeRoi(t.store, t.workspace, MARCH, "network");
  assert.ok(near(total.cost, 90 + 80));
  assert.ok(near(total.revenue, 40));
  await t.close();
});

test("shared costs are allocated by the chosen rule, and the rule is stated", async () => {
  const t = await testWorkspace();
  await t.load(
    "posts.csv",
    [
      POST_HEADER,
      "f1,facebook,2026-03-02T10:00:00Z,photo,,,1000,,,,,,",
      "f2,facebook,2026-03-03T10:00:00Z,photo,,,1000,,,,,,",
      "f3,facebook,2026-03-04T10:00:00Z,photo,,,1000,,,,,,",
      "x1,x,2026-03-02T10:00:00Z,status,,,7000,,,,,,",
    ].join("\n"),
  );
  await t.load(
    "costs.csv",
    [
      COST_HEADER,
      "2026-03-10,,team,100,EUR,,,shared,",
      "2026-03-10,,ads,300,EUR,facebook,,,",
      "2026-03-10,,ads,100,EUR,x,,,",
    ].join("\n"),
  );
  const shared = async (rule: AllocationRule) => {
    const report = await computeRoi(t.store, t.workspace, MARCH, "network", rule);
    const byKey = Object.fromEntries(report.rows.map((r) => [r.key, r.cost - r.ad_spend]));
    assert.ok(report.allocation_note.length > 10);
    assert.equal(report.total.cost, 500);
    return byKey;
  };
  assert.deepEqual(await shared("posts"), { facebook: 75, x: 25 });
  assert.deepEqual(await shared("impressions"), { facebook: 30, x: 70 });
  assert.deepEqual(await shared("equal"), { facebook: 50, x: 50 });
  assert.deepEqual(await shared("spend"), { facebook: 75, x: 25 });
  assert.deepEqual(await shared("none"), { facebook: 0, x: 0, "(unallocated)": 100 });
  await t.close();
});

test("refunds reduce revenue; ratios with a zero denominator are null", async () => {
  const t = await testWorkspace();
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "o1,2026-03-02T10:00:00Z,sale,100,EUR,instagram,,c1,",
      "r1,2026-03-05T10:00:00Z,refund,-30,EUR,instagram,,c1,",
    ].join("\n"),
  );
  const { rows } = await computeRoi(t.store, t.workspace, MARCH, "network");
  const instagram = rows[0];
  assert.equal(instagram?.revenue, 70);
  assert.equal(instagram?.cost, 0);
  assert.equal(instagram?.revenue_roi, null);
  assert.equal(instagram?.total_roi, null);
  assert.equal(instagram?.roas, null);
  assert.equal(instagram?.cpl, null);
  assert.equal(instagram?.ctr, null);
  await t.close();
});

test("value rules apply inside their validity period; probability × price rules work", async () => {
  const t = await testWorkspace();
  await t.load(
    "rules.csv",
    "outcome,unit_value,currency,valid_from,valid_to,probability,price\nlead,5,EUR,,2026-03-15,,\nlead,8,EUR,2026-03-16,,,\ncomment,,EUR,,,0.01,80\n",
  );
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "l1,2026-03-10T10:00:00Z,lead,,,linkedin,,a,",
      "l2,2026-03-20T10:00:00Z,lead,,,linkedin,,b,",
    ].join("\n"),
  );
  await t.load("posts.csv", `${POST_HEADER}\np1,linkedin,2026-03-02T10:00:00Z,link,,,100,,,,10,,\n`);
  const { total } = await computeRoi(t.store, t.workspace, MARCH, "network");
  assert.ok(near(total.assigned_value, 5 + 8 + 10 * 0.8));
  await t.close();
});

test("rows by campaign, month and post; re-importing the same files changes nothing", async () => {
  const t = await testWorkspace();
  const posts = `${POST_HEADER}\np1,x,2026-03-02T10:00:00Z,link,,spring,100,,,,,,4\np2,x,2026-04-02T10:00:00Z,link,,summer,200,,,,,,6\n`;
  const costs = `${COST_HEADER}\n2026-03-01,2026-04-30,ads,610,EUR,x,,,\n`;
  await t.load("posts.csv", posts);
  await t.load("costs.csv", costs);
  const period = { from: "2026-03-01", to: "2026-04-30" };
  const byMonth = await computeRoi(t.store, t.workspace, period, "month");
  assert.deepEqual(
    byMonth.rows.map((r) => [r.key, r.cost, r.clicks]),
    [
      ["2026-03", 310, 4],
      ["2026-04", 300, 6],
    ],
  );
  const byCampaign = await computeRoi(t.store, t.workspace, period, "campaign");
  assert.deepEqual(
    byCampaign.rows.map((r) => [r.key, r.cost]),
    [
      ["spring", 305],
      ["summer", 305],
    ],
  );
  const byPost = await computeRoi(t.store, t.workspace, period, "post");
  assert.deepEqual(
    byPost.rows.map((r) => r.key),
    ["p1", "p2"],
  );
  const again = await t.load("posts.csv", posts);
  assert.equal(again.tables[0]?.unchanged, 2);
  await t.load("costs.csv", costs);
  assert.deepEqual(await computeRoi(t.store, t.workspace, period, "month"), byMonth);
  await t.close();
});

test("CPA divides by new customers: a customer who bought before the period is a customer again, not a new one", async () => {
  const t = await testWorkspace();
  await t.load(
    "costs.csv",
    `${COST_HEADER}\n2026-03-01,,ads,300,EUR,facebook,,March ads,\n2026-04-01,,ads,200,EUR,x,,April ads,\n`,
  );
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "s1,2026-03-10T10:00:00Z,sale,50,EUR,facebook,,ann,",
      "s2,2026-03-20T10:00:00Z,sale,50,EUR,facebook,,bob,",
      // Ann buys again in April, through X; an anonymous sale is a new customer of its own.
      "s3,2026-04-05T10:00:00Z,sale,70,EUR,x,,ann,",
      "s4,2026-04-06T10:00:00Z,sale,20,EUR,x,,,",
    ].join("\n"),
  );
  const figures = async (period: { from: string; to: string }) =>
    (await computeRoi(t.store, t.workspace, period, "network")).rows.map(
      ({ key, customers, new_customers, cpa }) => ({ key, customers, new_customers, cpa }),
    );
  assert.deepEqual(await figures(MARCH), [{ key: "facebook", customers: 2, new_customers: 2, cpa: 150 }]);
  assert.deepEqual(await figures({ from: "2026-04-01", to: "2026-04-30" }), [
    { key: "x", customers: 2, new_customers: 1, cpa: 200 },
  ]);
  const spring = await computeRoi(t.store, t.workspace, { from: "2026-03-01", to: "2026-04-30" }, "network");
  assert.deepEqual([spring.total.customers, spring.total.new_customers], [3, 3]);

  // A purchase imported later but dated before the period makes Ann a returning customer in March.
  await t.load(
    "conversions.csv",
    `${CONVERSION_HEADER}\ns0,2026-02-01T10:00:00Z,sale,10,EUR,linkedin,,ann,\n`,
  );
  assert.deepEqual(await figures(MARCH), [{ key: "facebook", customers: 2, new_customers: 1, cpa: 300 }]);
  await t.close();
});
