import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  clickIdOf,
  createTestLink,
  linkStats,
  shopifyWebhook,
  startServer,
  stripeWebhook,
  type TestServer,
} from "./helpers.js";

let server: TestServer;
let clickId: string;
before(async () => {
  server = await startServer({ webhookSecrets: true });
  await createTestLink(server, {
    url: "https://shop.example",
    network: "x",
    campaign: "spring",
    slug: "hook",
  });
  clickId = clickIdOf(await server.click("hook"))!;
});
after(() => server.close());

const stripe = (event: unknown, options?: { secret?: string; at?: number }) =>
  stripeWebhook(server, event, options);
const shopify = (topic: string, payload: unknown, secret?: string) =>
  shopifyWebhook(server, topic, payload, secret);

const checkout = (id: string) => ({
  id: `evt_${id}`,
  type: "checkout.session.completed",
  data: {
    object: {
      id: `cs_${id}`,
      client_reference_id: clickId,
      amount_total: 4900,
      currency: "eur",
      customer: "cus_1",
      payment_intent: `pi_${id}`,
    },
  },
});

test("Stripe: a signed checkout is a sale of the clicked link; a retry records nothing; a refund deducts", async () => {
  const first = await stripe(checkout("a"));
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { received: true, recorded: 1 });
  assert.deepEqual(await (await stripe(checkout("a"))).json(), { received: true, recorded: 0 });
  const refund = {
    id: "evt_r",
    type: "charge.refunded",
    data: {
      object: {
        id: "ch_a",
        amount_refunded: 900,
        currency: "eur",
        payment_intent: "pi_a",
        refunds: { data: [{ id: "re_1", amount: 900 }] },
      },
    },
  };
  assert.deepEqual(await (await stripe(refund)).json(), { received: true, recorded: 1 });
  const stats = await linkStats(server, "hook");
  assert.deepEqual([stats?.sales, stats?.revenue], [1, 40]);
  const ignored = await stripe({ id: "evt_x", type: "customer.created", data: { object: {} } });
  assert.deepEqual(await ignored.json(), { received: true, recorded: 0 });
});

test("Stripe: forged, stale or missing signatures are refused and record nothing", async () => {
  assert.equal((await stripe(checkout("b"), { secret: "whsec_forged" })).status, 400);
  assert.equal((await stripe(checkout("b"), { at: Math.floor(Date.now() / 1000) - 3600 })).status, 400);
  const unsigned = await fetch(`${server.url}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(checkout("b")),
  });
  assert.equal(unsigned.status, 400);
  const rows = await server.store.all("SELECT 1 FROM conversions WHERE extra->>'checkout_session' = 'cs_b'");
  assert.equal(rows.length, 0);
});

test("Shopify: orders carry the click id in landing_site or note_attributes, else their UTMs", async () => {
  const byLanding = await shopify("orders/create", {
    id: 1001,
    total_price: "30.00",
    currency: "EUR",
    landing_site: `/products/book?sr_id=${clickId}`,
    customer: { id: 77 },
  });
  assert.equal(byLanding.status, 200);
  assert.deepEqual(await byLanding.json(), { received: true, recorded: 1 });
  await shopify("orders/create", {
    id: 1002,
    total_price: "20.00",
    currency: "EUR",
    note_attributes: [{ name: "sr_id", value: clickId }],
  });
  await shopify("orders/create", {
    id: 1003,
    total_price: "5.00",
    currency: "EUR",
    landing_site: "/?utm_source=fb&utm_medium=social&utm_campaign=autumn&utm_content=post_9",
  });
  await shopify("refunds/create", {
    id: 501,
    order_id: 1001,
    transactions: [{ amount: "10.00", kind: "refund", status: "success", currency: "EUR" }],
  });
  const stats = await linkStats(server, "hook");
  assert.deepEqual([stats?.sales, stats?.revenue], [3, 80]);
  const [byUtm] = await server.store.all<{ network: string; campaign: string; post_id: string }>(
    "SELECT network, campaign, post_id FROM conversions WHERE extra->>'invoice_id' = '1003'",
  );
  assert.deepEqual(byUtm, { network: "facebook", campaign: "autumn", post_id: "post_9" });
});

test("Shopify: a forged HMAC is refused", async () => {
  const forged = await shopify("orders/create", { id: 1004, total_price: "1", currency: "EUR" }, "wrong");
  assert.equal(forged.status, 401);
  const rows = await server.store.all("SELECT 1 FROM conversions WHERE extra->>'invoice_id' = '1004'");
  assert.equal(rows.length, 0);
});
