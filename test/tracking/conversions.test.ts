import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { listClickTouchpoints } from "../attribution/journeys-oracle.js";
import { refusedFields } from "../helpers.js";
import {
  BROWSER,
  clickIdOf,
  createTestLink,
  INSTAGRAM,
  linkStats,
  startServer,
  type TestServer,
} from "./helpers.js";

let server: TestServer;
let clickId: string;
before(async () => {
  server = await startServer();
  await createTestLink(server, {
    url: "https://shop.example",
    network: "linkedin",
    campaign: "b2b",
    slug: "li",
    paid: true,
  });
  clickId = clickIdOf(await server.click("li", BROWSER))!;
});
after(() => server.close());

const today = () => new Date().toISOString().slice(0, 10);

test("a lead by click id, seconds after the click, is credited to the link's network and post", async () => {
  const response = await server.api("/api/track/lead", {
    body: { click_id: clickId, customer_id: "cust-1", event_name: "signup" },
  });
  assert.equal(response.status, 200);
  const result = (await response.json()) as { recorded: boolean; network: string; click_id: string };
  assert.deepEqual([result.recorded, result.network, result.click_id], [true, "linkedin", clickId]);
  const [customer] = await server.store.all<{ first_click_id: string }>(
    "SELECT first_click_id FROM customer_first_clicks WHERE customer_id = 'cust-1'",
  );
  assert.equal(customer?.first_click_id, clickId);
});

test("a sale by customer id alone is credited through the click that first brought the customer", async () => {
  const later = clickIdOf(await server.click("li", INSTAGRAM))!;
  await server.api("/api/track/lead", {
    body: { click_id: later, customer_id: "cust-1", event_name: "webinar" },
  });
  const [customer] = await server.store.all<{ first_click_id: string }>(
    "SELECT first_click_id FROM customer_first_clicks WHERE customer_id = 'cust-1'",
  );
  assert.equal(customer?.first_click_id, clickId, "the first click is kept");
  const response = await server.api("/api/track/sale", {
    body: { customer_id: "cust-1", amount: 49.5, currency: "eur", invoice_id: "INV-1" },
  });
  const result = (await response.json()) as { recorded: boolean; click_id: string; network: string };
  assert.deepEqual([result.recorded, result.click_id, result.network], [true, clickId, "linkedin"]);
});

test("a sale by click id; a repeated invoice_id or lead answers success and records nothing new", async () => {
  const sale = { click_id: clickId, amount: 100, currency: "EUR", invoice_id: "INV-2" };
  for (let i = 0; i < 3; i++) {
    const response = await server.api("/api/track/sale", { body: sale });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { recorded: boolean }).recorded, i === 0);
  }
  const repeatedLead = await server.api("/api/track/lead", {
    body: { click_id: clickId, customer_id: "cust-1", event_name: "signup" },
  });
  assert.equal(((await repeatedLead.json()) as { recorded: boolean }).recorded, false);
  const concurrent = await Promise.all(
    [1, 2, 3].map(() => server.api("/api/track/sale", { body: { ...sale, invoice_id: "INV-3", amount: 1 } })),
  );
  assert.equal(
    concurrent.every((r) => r.status === 200),
    true,
  );
  const stats = await linkStats(server, "li");
  assert.deepEqual([stats?.leads, stats?.sales, stats?.revenue, stats?.clicks], [2, 3, 150.5, 2]);
});

test("ROI shows the tracked sales as direct revenue of the link's network and campaign", async () => {
  const period = { from: today(), to: today() };
  const byNetwork = await computeRoi(server.store, server.workspace, period, "network");
  const linkedin = byNetwork.rows.find((r) => r.key === "linkedin");
  assert.equal(linkedin?.revenue, 150.5);
  assert.equal(linkedin?.leads, 2);
  const byCampaign = await computeRoi(server.store, server.workspace, period, "campaign");
  assert.equal(byCampaign.rows.find((r) => r.key === "b2b")?.revenue, 150.5);
});

test("tracked clicks of customers become Paid Social touchpoints for attribution", async () => {
  const touchpoints = await listClickTouchpoints(server.store, server.workspace.id, today(), today());
  assert.ok(touchpoints.length >= 2);
  for (const t of touchpoints) {
    assert.deepEqual(
      [t.customerId, t.channel, t.network, t.campaign],
      ["cust-1", "Paid Social", "linkedin", "b2b"],
    );
    assert.match(t.occurredAt, /^\d{4}-\d{2}-\d{2}T/);
  }
  assert.deepEqual(
    await listClickTouchpoints(server.store, server.workspace.id, "2000-01-01", "2000-01-02"),
    [],
  );
});

test("bad bodies answer 400 with the reasons", async () => {
  const cases: [string, unknown, string][] = [
    ["/api/track/sale", { amount: 10, currency: "EUR", invoice_id: "X" }, "click_id"],
    ["/api/track/sale", { customer_id: "c", amount: "ten", currency: "EUR", invoice_id: "X" }, "amount"],
    ["/api/track/sale", { customer_id: "c", amount: -1, currency: "EUR", invoice_id: "X" }, "amount"],
    ["/api/track/sale", { customer_id: "c", amount: 1, currency: "EURO", invoice_id: "X" }, "currency"],
    ["/api/track/sale", { customer_id: "c", amount: 1, currency: "EUR" }, "invoice_id"],
    ["/api/track/lead", { click_id: clickId }, "customer_id"],
  ];
  for (const [path, body, field] of cases) {
    const response = await server.api(path, { body });
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(refusedFields(await response.json())[0]?.path, field);
  }
  const notJson = await fetch(`${server.url}/api/track/lead`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: "{",
  });
  assert.equal(notJson.status, 400);
});

test("a missing or wrong token answers 401 and records nothing", async () => {
  const body = { customer_id: "intruder", amount: 1, currency: "EUR", invoice_id: "HACK" };
  assert.equal((await server.api("/api/track/sale", { body, token: null })).status, 401);
  assert.equal((await server.api("/api/track/sale", { body, token: "sr_wrong" })).status, 401);
  assert.equal((await server.api("/api/track/lead", { body, token: "" })).status, 401);
  const rows = await server.store.all("SELECT 1 FROM conversions WHERE customer_id = 'intruder'");
  assert.equal(rows.length, 0);
});
