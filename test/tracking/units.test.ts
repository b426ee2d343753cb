import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { socialChannel } from "../../src/channels/channel-grouping.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { deleteWorkspace } from "../../src/store/workspace-data.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { isCrawler, VERDICTS_KEPT } from "../../src/tracking/bot-detection.js";
import { RateLimiter } from "../../src/tracking/rate-limit.js";
import { ClickRecorder } from "../../src/tracking/record-click.js";
import { fromMinorUnits } from "../../src/tracking/stripe-webhook.js";
import { buildUtm, lintUtm } from "../../src/tracking/utm.js";
import { verifyShopifyHmac, verifyStripeSignature } from "../../src/tracking/webhook-signatures.js";
import { WriteQueue } from "../../src/tracking/write-queue.js";
import {
  BROWSER,
  clickWithEachAgent,
  FACEBOOK_CRAWLER,
  INSTAGRAM,
  newAgents,
  TIKTOK,
  tempDir,
} from "./helpers.js";

const temp = tempDir();
after(() => temp.remove());

const workspaceIn = async (store: DuckDbStore, name: string) =>
  (await createWorkspace(store, { name, currency: "EUR", timezone: "UTC", locale: "en" })).id;

test("the UTM builder's values are grouped as Organic or Paid Social by GA4; the linter flags the rest", () => {
  const organic = buildUtm({ network: "linkedin", campaign: "launch", postId: "p1" });
  assert.deepEqual(organic, {
    utm_source: "linkedin",
    utm_medium: "social",
    utm_campaign: "launch",
    utm_content: "p1",
  });
  assert.deepEqual(lintUtm(organic), []);
  const paid = buildUtm({ network: "facebook", paid: true });
  assert.equal(paid.utm_medium, "paid_social");
  assert.deepEqual(lintUtm(paid), []);
  assert.equal(socialChannel(paid.utm_medium), "Paid Social");
  assert.equal(socialChannel(organic.utm_medium), "Organic Social");
  assert.match(lintUtm(buildUtm({ source: "newsletter", medium: "email" }))[0]!, /"Email"/);
  assert.match(lintUtm(buildUtm({ source: "newsletter", paid: true }))[0]!, /"Paid Other"/);
  assert.match(
    lintUtm(buildUtm({ network: "facebook", paid: true, campaign: "shop-sale" }))[0]!,
    /"Paid Shopping"/,
  );
});

test("crawlers are bots; social in-app browsers and ordinary browsers are people", () => {
  for (const agent of [
    FACEBOOK_CRAWLER,
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0",
    "Discordbot/2.0",
    "TelegramBot (like TwitterBot)",
    "",
    undefined,
  ]) {
    assert.equal(isCrawler(agent), true, agent);
  }
  const linkedInApp =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 [LinkedInApp]";
  const facebookApp =
    "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 [FBAN/FBIOS;FBAV/420.0.0.31.108]";
  for (const agent of [BROWSER, INSTAGRAM, TIKTOK, linkedInApp, facebookApp])
    assert.equal(isCrawler(agent), false, agent);
});

test("a user agent's verdict is the same however often it comes, among however many others", () => {
  const crawlers = ["Twitterbot/1.0", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0"];
  const people = [BROWSER, INSTAGRAM, TIKTOK];
  const check = () => {
    for (const agent of crawlers) assert.equal(isCrawler(agent), true, agent);
    for (const agent of people) assert.equal(isCrawler(agent), false, agent);
  };
  check();
  check();
  // More agents than the verdicts kept, alternately a browser's and a crawler's, then the first ones again.
  for (let n = 0; n < VERDICTS_KEPT * 1.5; n++) {
    const crawler = n % 2 === 1;
    const agent = crawler ? `Examplebot/${n}.0 (+https://example.com/bot)` : `${BROWSER} Build/${n}`;
    assert.equal(isCrawler(agent), crawler, agent);
    assert.equal(isCrawler(agent), crawler, agent);
  }
  check();
  // Longer than the ones kept: judged each time all the same.
  const long = `${BROWSER} ${"x".repeat(400)}`;
  const longBot = `Examplebot/1.0 ${"x".repeat(400)}`;
  for (let n = 0; n < 3; n++) assert.deepEqual([isCrawler(long), isCrawler(longBot)], [false, true]);
});

test("the rate limiter allows a burst, then the refill rate", () => {
  const limiter = new RateLimiter(60, 3);
  const at = 1_000_000;
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.take("a", at)),
    [true, true, true, false],
  );
  assert.equal(limiter.take("b", at), true);
  assert.equal(limiter.take("a", at + 1000), true);
  assert.equal(limiter.take("a", at + 1000), false);
});

test("signatures: Stripe's timestamped HMAC within tolerance, Shopify's base64 HMAC", () => {
  const body = Buffer.from('{"id":"evt_1"}');
  const v1 = createHmac("sha256", "s").update(`1000.${body}`).digest("hex");
  assert.equal(verifyStripeSignature(`t=1000,v1=00,v1=${v1}`, body, "s", 1100), true);
  assert.equal(verifyStripeSignature(`t=1000,v1=${v1}`, body, "s", 1400), false);
  assert.equal(verifyStripeSignature(`t=1000,v1=${v1}`, Buffer.from("{}"), "s", 1000), false);
  assert.equal(verifyStripeSignature(`v1=${v1}`, body, "s", 1000), false);
  const hmac = createHmac("sha256", "k").update(body).digest("base64");
  assert.equal(verifyShopifyHmac(hmac, body, "k"), true);
  assert.equal(verifyShopifyHmac(hmac, body, "other"), false);
  assert.equal(fromMinorUnits(4900, "eur"), 49);
  assert.equal(fromMinorUnits(4900, "JPY"), 4900);
});

test("replaying the click log is idempotent and tolerates a torn last line", async () => {
  const db = join(temp.dir, "replay.duckdb");
  const store = await DuckDbStore.open(db);
  const click = {
    click_id: "clk_replayed000001",
    workspace_id: await workspaceIn(store, "Replayed"),
    link_id: "lnk_1",
    occurred_at: new Date().toISOString(),
    visitor_hash: "h",
    user_agent: INSTAGRAM,
    referrer_domain: null,
    country: null,
  };
  const line = `${JSON.stringify(click)}\n`;
  writeFileSync(`${db}.clicks.wal.1-1`, line);
  writeFileSync(`${db}.clicks.wal`, `${line}{"click_id":"clk_torn`);
  for (let run = 0; run < 2; run++) {
    const recorder = await ClickRecorder.open(store, new WriteQueue());
    await recorder.close();
  }
  const rows = await store.all<{ click_id: string; device: string }>(
    `SELECT c.click_id, coalesce(c.device, u.device) AS device FROM clicks AS c
     LEFT JOIN user_agents AS u ON u.workspace_id = c.workspace_id AND u.agent = c.user_agent`,
  );
  assert.deepEqual(rows, [{ click_id: "clk_replayed000001", device: "mobile" }]);
  assert.deepEqual(
    readdirSync(temp.dir).filter((f) => f.includes("clicks.wal")),
    [],
  );
  await store.close();
});

test("a flush that failed after its clicks were stored stores none of them twice when taken again", async () => {
  const store = await DuckDbStore.open(":memory:");
  const link = { workspaceId: await workspaceIn(store, "Lost"), linkId: "lnk_1" };
  const recorder = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  const agents = newAgents(25);
  await clickWithEachAgent(recorder, link, agents.slice(0, 20));
  // As in the cluster mode when PostgreSQL ends the connection of an append whose rows ClickHouse
  // already took: the clicks are stored, yet the flush fails.
  const run = store.run.bind(store);
  let lostOnce = true;
  store.run = async (sql, params) => {
    await run(sql, params);
    if (lostOnce && sql.includes("INSERT INTO clicks")) {
      lostOnce = false;
      throw new Error("connection lost after the insert");
    }
  };
  await assert.rejects(recorder.flush(), /connection lost after the insert/);
  await clickWithEachAgent(recorder, link, agents.slice(20));
  await recorder.flush();
  const [counts] = await store.all<{ clicks: number; distinct: number }>(
    "SELECT count(*) AS clicks, count(DISTINCT click_id) AS distinct FROM clicks",
  );
  assert.deepEqual(counts, { clicks: 25, distinct: 25 });
  await recorder.close();
  await store.close();
});

test("a flood of new user agents is described a budget at a time, and no stored click is changed", async () => {
  const store = await DuckDbStore.open(":memory:");
  const [one, two] = [await workspaceIn(store, "One"), await workspaceIn(store, "Two")];
  // No timed flush in between: the test's own flush is the first.
  const recorder = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  const answers = [
    ...(await clickWithEachAgent(recorder, { workspaceId: one, linkId: "lnk_1" }, newAgents(300))),
    // The same agent in another workspace is described there too.
    ...(await clickWithEachAgent(recorder, { workspaceId: two, linkId: "lnk_2" }, newAgents(300).slice(299))),
  ];
  assert.equal(new Set(answers).size, 301);
  await recorder.flush();
  const clicksAsStored = () =>
    store.all<{ click_id: string; device: string | null; user_agent: string | null }>(
      "SELECT click_id, device, user_agent FROM clicks ORDER BY click_id",
    );
  const described = async () =>
    (
      await store.all<{ described: number; waiting: number; descriptions: number }>(
        `SELECT count(coalesce(c.device, u.device)) AS described,
           count(*) FILTER (WHERE coalesce(c.device, u.device) IS NULL) AS waiting,
           (SELECT count(*) FROM user_agents) AS descriptions
         FROM clicks AS c LEFT JOIN user_agents AS u ON u.workspace_id = c.workspace_id AND u.agent = c.user_agent`,
      )
    )[0];
  // 250 descriptions a second: the clicks with the other 51 agents keep their agent for later.
  assert.deepEqual(await described(), { described: 250, waiting: 51, descriptions: 0 });
  const stored = await clicksAsStored();
  assert.equal(stored.filter((row) => row.user_agent !== null).length, 51);
  await recorder.close();
  const next = await ClickRecorder.open(store, new WriteQueue());
  await next.close();
  assert.deepEqual(await described(), { described: 301, waiting: 0, descriptions: 51 });
  assert.deepEqual(await clicksAsStored(), stored);
  await store.close();
});

test("a workspace deleted while its agents wait for a description gets none", async () => {
  const store = await DuckDbStore.open(":memory:");
  const gone = await workspaceIn(store, "Gone");
  // 250 agents described as their clicks are stored, 510 left waiting.
  const first = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  await clickWithEachAgent(first, { workspaceId: gone, linkId: "lnk_1" }, newAgents(760));
  await first.close();
  // The next recorder's first pass lists the 510 and describes 250; the list keeps the other 260.
  const next = await ClickRecorder.open(store, new WriteQueue(), { intervalMs: 60_000 });
  await next.flush();
  const descriptions = async () =>
    (await store.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM user_agents"))[0]?.n;
  assert.equal(await descriptions(), 250);
  await deleteWorkspace(store, gone);
  // A second later the budget is whole: the pass describes the listed agents of the deleted workspace.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await next.flush();
  assert.equal(await descriptions(), 0);
  await next.close();
  await store.close();
});
