import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createLink } from "../../src/tracking/create-link.js";
import { BROWSER, clickIdOf, startServer, type TestServer } from "./helpers.js";

let server: TestServer;
before(async () => {
  // 30 a minute: bursts of 10 per address.
  server = await startServer({ ratePerMinute: 30 });
});
after(() => server.close());

test("over its rate an address gets 429 from the tracking API", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const response = await server.api("/api/track/lead", { body: { customer_id: `c${i}` } });
    statuses.push(response.status);
  }
  assert.deepEqual(statuses.slice(0, 9), Array(9).fill(200));
  assert.equal(statuses.at(-1), 429);
});

test("over its rate a visitor is still redirected, but the click is not counted", async () => {
  // Straight to the store: the API's own allowance was used up above.
  const { link } = await createLink(server.store, server.workspace.id, {
    url: "https://shop.example",
    slug: "limited",
  });
  const answers = [];
  for (let i = 0; i < 12; i++) answers.push(await server.click(link.slug, `${BROWSER} v/${i}`));
  assert.ok(answers.every((r) => r.status === 302));
  assert.ok(clickIdOf(answers[0]!));
  assert.equal(clickIdOf(answers.at(-1)!), null);
});
