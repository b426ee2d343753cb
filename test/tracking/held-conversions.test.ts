import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { trackSale } from "../../src/tracking/track-sale.js";
import { refusedFields, trackingDeps } from "../helpers.js";
import { shopifyWebhook, startServer, stripeWebhook, type TestServer } from "./helpers.js";

interface HeldList {
  count: number;
  held: {
    conversion_id: string;
    type: string;
    reason: string;
    amount: number;
    currency: string;
    occurred_at: string;
    source: string;
    reference: string;
  }[];
  capped: { amount: number; requested: number; currency: string; source: string; reference: string }[];
}

let server: TestServer;
before(async () => {
  server = await startServer({ webhookSecrets: true });
});
after(() => server.close());

const stripe = (event: unknown) => stripeWebhook(server, event);
const shopify = (topic: string, payload: unknown) => shopifyWebhook(server, topic, payload);

const checkout = (intent: string, amountTotal: number, currency = "eur") => ({
  id: `evt_${intent}`,
  type: "checkout.session.completed",
  data: {
    object: {
      id: `cs_${intent}`,
      amount_total: amountTotal,
      currency,
      customer: `cus_${intent}`,
      payment_intent: intent,
    },
  },
});

const chargeRefunded = (intent: string, object: Record<string, unknown>) => ({
  id: `evt_${intent}_${JSON.stringify(object)}`,
  type: "charge.refunded",
  data: { object: { id: `ch_${intent}`, currency: "eur", payment_intent: intent, ...object } },
});

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  const answer = await response;
  assert.equal(answer.status, 200, `${answer.url}: ${answer.status}`);
  return (await answer.json()) as T;
}

const held = () => json<HeldList>(server.api("/api/conversions/held"));
async function totals() {
  const { total } = await json<{ total: { revenue: number; customers: number } }>(server.api("/api/roi"));
  return { revenue: total.revenue, customers: total.customers };
}
const totalRevenue = async () => (await totals()).revenue;

async function importRates(csv: string) {
  const response = await fetch(`${server.url}/api/imports?filename=rates.csv`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "text/csv" },
    body: csv,
  });
  assert.equal(response.status, 200, await response.text());
}

async function refundsOf(intent: string) {
  const rows = await server.store.all<{ value: number }>(
    "SELECT value FROM conversions WHERE type = 'refund' AND (extra->>'invoice_id') = $intent ORDER BY value",
    { intent },
  );
  return rows.map((r) => r.value);
}

test("a tracked sale in a currency without a rate is refused at the API with a 422 that says how to add one", async () => {
  const sale = { customer_id: "c-usd", amount: 10, currency: "USD", invoice_id: "INV-USD" };
  const refused = await server.api("/api/track/sale", { body: sale });
  assert.equal(refused.status, 422);
  const [issue] = refusedFields(await refused.json());
  assert.equal(issue?.path, "currency");
  assert.match(issue?.message ?? "", /USD.*currency_rates/);
  assert.equal((await server.store.all("SELECT 1 FROM conversions WHERE customer_id = 'c-usd'")).length, 0);
});

test("amounts must be finite, at most 1e12 and currencies ISO 4217 codes at every tracking door", async () => {
  for (const amount of [1e13, 1e308]) {
    const response = await server.api("/api/track/sale", {
      body: { customer_id: "c-big", amount, currency: "EUR", invoice_id: `INV-${amount}` },
    });
    assert.equal(response.status, 400, String(amount));
  }
  const refusals: [Promise<Response>, string][] = [
    [stripe(checkout("pi_huge", 1e17)), "amount_total"],
    [stripe(checkout("pi_coin", 100, "usdt")), "currency"],
    [shopify("orders/create", { id: 9001, total_price: "1e400", currency: "EUR" }), "total_price"],
    [shopify("orders/create", { id: 9002, total_price: "12abc", currency: "EUR" }), "total_price"],
    [shopify("orders/create", { id: 9003, total_price: "12.00", currency: "ABC" }), "currency"],
    [
      shopify("refunds/create", {
        id: 9004,
        order_id: 9003,
        transactions: [{ amount: "1.00", kind: "refund", currency: "bitcoin" }],
      }),
      "transactions.0.currency",
    ],
  ];
  for (const [sent, field] of refusals) {
    const response = await sent;
    assert.equal(response.status, 400, field);
    assert.equal(refusedFields(await response.json())[0]?.path, field);
  }
  const stored = await server.store.all(
    "SELECT 1 FROM conversions WHERE customer_id = 'c-big' OR extra->>'invoice_id' IN ('pi_huge', 'pi_coin', '9001', '9002', '9003')",
  );
  assert.equal(stored.length, 0);
});

test("webhook dates that are unreadable or beyond 1970–2100 answer 400, not 500", async () => {
  const session = checkout("pi_when", 100);
  const refusals: [Promise<Response>, string][] = [
    [stripe({ ...session, data: { object: { ...session.data.object, created: 1e15 } } }), "created"],
    [
      shopify("orders/create", { id: 9200, total_price: "1", currency: "EUR", created_at: "soon" }),
      "created_at",
    ],
    [
      shopify("orders/create", {
        id: 9201,
        total_price: "1",
        currency: "EUR",
        created_at: "0001-01-01T00:00:00Z",
      }),
      "created_at",
    ],
  ];
  for (const [sent, field] of refusals) {
    const response = await sent;
    assert.equal(response.status, 400, field);
    assert.equal(refusedFields(await response.json())[0]?.path, field);
  }
});

test("negative sale totals are refused with a 400 that says why", async () => {
  const cases: [Promise<Response>, string][] = [
    [stripe(checkout("pi_negative", -500000)), "amount_total"],
    [shopify("orders/create", { id: 9100, total_price: "-999.99", currency: "EUR" }), "total_price"],
  ];
  for (const [sent, field] of cases) {
    const response = await sent;
    assert.equal(response.status, 400);
    const [issue] = refusedFields(await response.json());
    assert.equal(issue?.path, field);
    assert.match(issue?.message ?? "", /negative.*refund/);
  }
  const stored = await server.store.all(
    "SELECT 1 FROM conversions WHERE extra->>'invoice_id' IN ('pi_negative', '9100')",
  );
  assert.equal(stored.length, 0);
});

test("a refund is capped at its sale, and the cap is listed", async () => {
  await json(stripe(checkout("pi_cap", 10000)));
  const before = await totalRevenue();
  const refund = (id: string, amount: number) =>
    chargeRefunded("pi_cap", { amount_refunded: amount, refunds: { data: [{ id, amount }] } });
  assert.deepEqual(await json(stripe(refund("re_huge", 1_000_000))), { received: true, recorded: 1 });
  assert.deepEqual(await json(stripe(refund("re_more", 500))), { received: true, recorded: 1 });
  assert.deepEqual(await refundsOf("pi_cap"), [0, 100]);
  assert.equal(await totalRevenue(), before - 100);
  const { capped } = await held();
  assert.deepEqual(
    capped.map((c) => [c.reference, c.requested, c.amount, c.currency, c.source]),
    [
      ["re_more", 5, 0, "EUR", "stripe"],
      ["re_huge", 10000, 100, "EUR", "stripe"],
    ],
  );
});

test("Stripe refunds without refunds.data: each cumulative amount_refunded adds its difference once", async () => {
  await json(stripe(checkout("pi_cum", 10000)));
  const refunded = (amount: number) => chargeRefunded("pi_cum", { amount_refunded: amount });
  assert.deepEqual(await json(stripe(refunded(3000))), { received: true, recorded: 1 });
  assert.deepEqual(await json(stripe(refunded(5000))), { received: true, recorded: 1 });
  assert.deepEqual(await json(stripe(refunded(5000))), { received: true, recorded: 0 });
  // An event overtaken by a later one adds nothing.
  assert.deepEqual(await json(stripe(refunded(4000))), { received: true, recorded: 0 });
  assert.deepEqual(await refundsOf("pi_cum"), [20, 30]);
});

test("a refund of a sale never seen is held aside, listed, and counts once its sale arrives", async () => {
  const before = await totalRevenue();
  const refund = chargeRefunded("pi_ghost", {
    amount_refunded: 2500,
    refunds: { data: [{ id: "re_ghost", amount: 2500 }] },
  });
  assert.deepEqual(await json(stripe(refund)), { received: true, recorded: 1 });
  assert.deepEqual(await json(stripe(refund)), { received: true, recorded: 0 });
  await json(
    shopify("refunds/create", {
      id: 700,
      order_id: 7000,
      transactions: [{ amount: "80.00", kind: "refund", status: "success", currency: "EUR" }],
    }),
  );
  assert.equal(await totalRevenue(), before);
  const list = await held();
  assert.equal(list.count, 2);
  assert.deepEqual(
    list.held.map((h) => [h.reason, h.type, h.amount, h.currency, h.source, h.reference]).sort(),
    [
      ["unknown_sale", "refund", 25, "EUR", "stripe", "re_ghost"],
      ["unknown_sale", "refund", 80, "EUR", "shopify", "700"],
    ],
  );
  await json(stripe(checkout("pi_ghost", 4900)));
  await json(shopify("orders/create", { id: 7000, total_price: "50.00", currency: "EUR" }));
  assert.equal(await totalRevenue(), before + 49 - 25);
  assert.equal((await held()).count, 0);
  assert.deepEqual(await refundsOf("7000"), [50], "the late sale caps its refund");
});

test("a refund in another currency than its sale is held aside, not counted", async () => {
  await json(stripe(checkout("pi_fx", 10000)));
  const before = await totalRevenue();
  const refund = chargeRefunded("pi_fx", {
    currency: "usd",
    amount_refunded: 1000,
    refunds: { data: [{ id: "re_fx", amount: 1000 }] },
  });
  assert.deepEqual(await json(stripe(refund)), { received: true, recorded: 1 });
  assert.equal(await totalRevenue(), before);
  const { held: list } = await held();
  assert.deepEqual(
    list.filter((h) => h.reference === "re_fx").map((h) => [h.reason, h.amount, h.currency]),
    [["other_currency", 10, "USD"]],
  );
});

test("a webhook sale without a rate is held, reads keep answering, and it counts once a rate is imported", async () => {
  const before = await totals();
  assert.deepEqual(await json(stripe(checkout("pi_usd", 4900, "usd"))), { received: true, recorded: 1 });
  await json(
    shopify("orders/create", { id: 7100, total_price: "10.00", currency: "GBP", customer: { id: 5 } }),
  );
  // As the API door took them before it checked rates: a database may hold such sales already.
  await trackSale(trackingDeps(server.store, server.workspace.id), {
    source: "api",
    invoiceId: "INV-JPY",
    customerId: "c-jpy",
    amount: 1000,
    currency: "JPY",
  });
  for (const path of [
    "/api/roi",
    "/api/roi?by=campaign",
    "/api/roi?by=month",
    "/api/roi?by=post",
    "/api/funnel",
    "/api/goals",
    "/api/insights",
    "/api/attribution",
    "/api/attribution?model=markov,shapley&level=campaign",
    "/api/insights/value-estimates",
    "/api/report?format=html",
    "/api/report?format=csv",
  ]) {
    const response = await server.api(path);
    assert.equal(response.status, 200, `${path}: ${await response.text()}`);
  }
  assert.deepEqual(await totals(), before, "neither revenue nor customers");
  const waiting = async () => (await held()).held.filter((h) => h.reason === "waiting_for_rate");
  assert.deepEqual(
    (await waiting()).map((h) => [h.type, h.amount, h.currency, h.source, h.reference]).sort(),
    [
      ["sale", 10, "GBP", "shopify", "7100"],
      ["sale", 1000, "JPY", "api", "INV-JPY"],
      ["sale", 49, "USD", "stripe", "pi_usd"],
    ],
  );
  await importRates("date,currency,rate_to_reporting\n2000-01-01,USD,0.5\n");
  assert.deepEqual(await totals(), { revenue: before.revenue + 24.5, customers: before.customers + 1 });
  assert.deepEqual((await waiting()).map((h) => h.currency).sort(), ["GBP", "JPY"]);
  const accepted = await server.api("/api/track/sale", {
    body: { customer_id: "c-usd", amount: 10, currency: "USD", invoice_id: "INV-USD" },
  });
  assert.equal(accepted.status, 200, "a rate now exists for the API's sale too");
});
