import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { ErrorBody } from "../../src/api/errors.js";
import { COST_HEADER } from "../helpers.js";
import type { TestServer } from "../tracking/helpers.js";
import { exampleServer, readAll } from "./example-server.js";

/**
 * Issue 13, item 9: costs dated 0001-01-01 or 9999-12-31 were accepted, after which the default
 * report and attribution answered 500; an amount of 1e308 answered 500. Every door now refuses a
 * day outside 1970–2100, a day that does not exist and an amount beyond ±1e12, naming the field
 * and the value, and the reads answer as before.
 */

let server: TestServer;
let before_: Awaited<ReturnType<typeof readAll>>;

before(async () => {
  server = await exampleServer();
  before_ = await readAll(server);
});

after(() => server.close());

const COST = { date: "2026-03-02", category: "ads", amount: 5, currency: "EUR" };
const GOAL = {
  goal: "reach",
  indicator: "reach",
  target: 10,
  period_start: "2026-03-01",
  period_end: "2026-03-31",
};
const RULE = { outcome: "lead", unit_value: 5, currency: "EUR", valid_from: "2026-03-01" };

const REFUSED_BODIES: [string, Record<string, unknown>, string, RegExp][] = [
  ["/api/costs", { ...COST, date: "0001-01-01" }, "date", /^0001-01-01 is before 1970$/],
  ["/api/costs", { ...COST, date: "9999-12-31" }, "date", /^9999-12-31 is after 2100$/],
  ["/api/costs", { ...COST, date: "2026-02-30" }, "date", /^2026-02-30 is not a date$/],
  ["/api/costs", { ...COST, end_date: "9999-12-31" }, "end_date", /9999-12-31 is after 2100/],
  ["/api/costs", { ...COST, amount: 1e308 }, "amount", /^1e\+308 is beyond ±1e\+12$/],
  ["/api/costs", { ...COST, amount: -2e12 }, "amount", /^-2000000000000 is beyond ±1e\+12$/],
  ["/api/goals", { ...GOAL, period_end: "9999-12-31" }, "period_end", /after 2100/],
  ["/api/goals", { ...GOAL, period_start: "1969-12-31" }, "period_start", /before 1970/],
  ["/api/goals", { ...GOAL, target: 1e308 }, "target", /1e\+308 is beyond/],
  ["/api/value-rules", { ...RULE, valid_from: "0001-01-01" }, "valid_from", /before 1970/],
  ["/api/value-rules", { ...RULE, unit_value: 1e308 }, "unit_value", /1e\+308 is beyond/],
  ["/api/value-rules", { ...RULE, unit_value: null, probability: 0.5, price: 1e300 }, "price", /beyond/],
];

test("bodies with days outside 1970–2100, days that do not exist or huge amounts are refused with the field and the value", async () => {
  for (const [path, body, field, message] of REFUSED_BODIES) {
    const response = await server.api(path, { body });
    const text = await response.text();
    assert.equal(response.status, 400, `${path} ${JSON.stringify(body)}: ${text}`);
    const issues = (JSON.parse(text) as ErrorBody).error.details?.issues ?? [];
    assert.ok(
      issues.some((i) => i.path === field && message.test(i.message)),
      `${path} ${JSON.stringify(body)}: ${text}`,
    );
  }
});

test("an edited cost is held to the same bounds", async () => {
  const created = await server.api("/api/costs", { body: COST });
  assert.equal(created.status, 201);
  const { cost_id } = (await created.json()) as { cost_id: string };
  const edited = await server.api(`/api/costs/${cost_id}`, {
    method: "PUT",
    body: { ...COST, date: "9999-12-31" },
  });
  assert.equal(edited.status, 400);
  const removed = await server.api(`/api/costs/${cost_id}`, { method: "DELETE" });
  assert.equal(removed.status, 200);
});

test("periods in queries are refused the same way", async () => {
  for (const [path, message] of [
    ["/api/roi?from=2026-02-30", "2026-02-30 is not a date"],
    ["/api/roi?to=9999-12-31", "9999-12-31 is after 2100"],
    ["/api/goals?at=0001-01-01", "0001-01-01 is before 1970"],
    ["/api/report?format=csv&from=0001-01-01", "0001-01-01 is before 1970"],
    ["/api/attribution?to=9999-12-31", "9999-12-31 is after 2100"],
    ["/api/costs/by-category?from=2026-13-01", "2026-13-01 is not a date"],
  ] as const) {
    const response = await server.api(path);
    assert.equal(response.status, 400, path);
    const issues = ((await response.json()) as ErrorBody).error.details?.issues ?? [];
    assert.ok(
      issues.some((i) => i.message === message),
      `${path}: ${JSON.stringify(issues)}`,
    );
  }
});

test("an uploaded file with such a day or amount is refused, naming the row, column and value", async () => {
  for (const [row, column, value] of [
    ["0001-01-01,,ads,5,EUR,,,,", "date", "0001-01-01"],
    ["2026-03-01,9999-12-31,ads,5,EUR,,,,", "end_date", "9999-12-31"],
    ["2026-03-01,,ads,1e308,EUR,,,,", "amount", "1e308"],
  ]) {
    const response = await fetch(`${server.url}/api/imports?filename=costs.csv`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "text/csv" },
      body: `${COST_HEADER}\n2026-03-01,,ads,5,EUR,,,,\n${row}\n`,
    });
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as ErrorBody;
    assert.equal(error.details?.total_problems, 1);
    const problems = error.details?.problems ?? [];
    assert.deepEqual(
      problems.map((p) => [p.row, p.column, p.value]),
      [[2, column, value]],
    );
    assert.match(problems[0]?.expected ?? "", /from 1970-01-01 to 2100-12-31|from -1e\+12 to 1e\+12/);
  }
});

test("after all of it, the default report, attribution, ROI and goals answer as before", async () => {
  const reads = await readAll(server);
  for (const [path, read] of Object.entries(reads)) {
    assert.equal(read.status, 200, `${path}: ${read.body}`);
    assert.equal(read.body, before_[path]?.body, path);
  }
});
