import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, test } from "node:test";
import { runInNewContext } from "node:vm";
import { refusedFields } from "../helpers.js";
import {
  BROWSER,
  clickIdOf,
  createTestLink,
  FACEBOOK_CRAWLER,
  INSTAGRAM,
  linkStats,
  startServer,
  type TestServer,
  TIKTOK,
} from "./helpers.js";

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

test("redirects with UTM parameters, a click id and the visitor's own parameters", async () => {
  const link = await createTestLink(server, {
    url: "https://shop.example/book?ref=site#buy",
    network: "Instagram",
    campaign: "ebook-launch",
    post_id: "ig_42",
    slug: "ebook",
  });
  assert.equal(link.slug, "ebook");
  assert.equal(link.short_url, `${server.url}/l/ebook`);
  const response = await server.click("ebook", BROWSER, "?coupon=SPRING&utm_source=spoofed&sr_id=clk_forged");
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get("location")!);
  assert.equal(location.origin + location.pathname, "https://shop.example/book");
  assert.equal(location.hash, "#buy");
  const params = location.searchParams;
  assert.equal(params.get("ref"), "site");
  assert.equal(params.get("utm_source"), "instagram");
  assert.equal(params.get("utm_medium"), "social");
  assert.equal(params.get("utm_campaign"), "ebook-launch");
  assert.equal(params.get("utm_content"), "ig_42");
  assert.equal(params.get("coupon"), "SPRING");
  assert.match(params.get("sr_id")!, /^clk_[0-9A-Za-z]{16}$/);
  assert.notEqual(params.get("sr_id"), "clk_forged");
});

test("paid links get a medium GA4 groups as Paid Social, and odd UTM values get warnings", async () => {
  const paid = await createTestLink(server, { url: "https://shop.example", network: "facebook", paid: true });
  const response = await server.click(paid.slug);
  assert.equal(new URL(response.headers.get("location")!).searchParams.get("utm_medium"), "paid_social");
  const odd = await server.api("/api/links", {
    body: { url: "https://shop.example", utm_source: "Newsletter", utm_medium: "email" },
  });
  const { warnings } = (await odd.json()) as { warnings: string[] };
  assert.ok(warnings.some((w) => w.includes('"Email", not as social')));
  assert.ok(warnings.some((w) => w.includes("capitals")));
});

test("link-preview crawlers are redirected but not counted; in-app browsers are people", async () => {
  await createTestLink(server, { url: "https://shop.example/crawled", network: "facebook", slug: "crawled" });
  const crawled = await server.click("crawled", FACEBOOK_CRAWLER);
  assert.equal(crawled.status, 302);
  assert.equal(clickIdOf(crawled), null);
  for (const agent of [
    "Twitterbot/1.0",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0)",
    "WhatsApp/2.23.20.0 A",
    "",
  ]) {
    assert.equal((await server.click("crawled", agent)).status, 302);
  }
  assert.equal((await linkStats(server, "crawled"))?.clicks, 0);
  assert.ok(clickIdOf(await server.click("crawled", INSTAGRAM)));
  assert.ok(clickIdOf(await server.click("crawled", TIKTOK)));
  assert.equal((await linkStats(server, "crawled"))?.clicks, 2);
});

test("the same visitor clicking again within the hour counts once and keeps their click id", async () => {
  await createTestLink(server, { url: "https://shop.example/again", slug: "again" });
  const first = clickIdOf(await server.click("again"));
  const second = clickIdOf(await server.click("again"));
  assert.ok(first);
  assert.equal(second, first);
  assert.equal((await linkStats(server, "again"))?.clicks, 1);
  const [row] = await server.store.all<{ n: number }>(
    "SELECT count(*) AS n FROM clicks c JOIN links l USING (link_id) WHERE l.slug = 'again'",
  );
  assert.equal(row?.n, 1);
});

test("clicks keep device, browser, OS, referrer domain and country, and never the IP address", async () => {
  await createTestLink(server, { url: "https://shop.example/where", slug: "where" });
  const response = await fetch(`${server.url}/l/where`, {
    redirect: "manual",
    headers: { "user-agent": INSTAGRAM, referer: "https://l.instagram.com/?u=x", "cf-ipcountry": "be" },
  });
  const clickId = clickIdOf(response);
  await linkStats(server, "where");
  const [click] = await server.store.all<Record<string, unknown>>(
    "SELECT * FROM clicks WHERE click_id = $id",
    {
      id: clickId,
    },
  );
  assert.equal(click?.["device"], "mobile");
  assert.equal(click?.["os"], "iOS");
  assert.equal(click?.["referrer_domain"], "l.instagram.com");
  assert.equal(click?.["country"], "BE");
  assert.ok(!JSON.stringify(click).includes("127.0.0.1"));
  assert.equal(server.store.secrets.names("salt:").length, 1);
});

/** A GET of the link with these raw headers (names as written, repeats kept): the click id it got. */
function clickWithRawHeaders(server: TestServer, slug: string, headers: string[]): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}/l/${slug}`, { headers }, (response) => {
      response.resume();
      const location = response.headers.location;
      resolve(location ? new URL(location).searchParams.get("sr_id") : null);
    });
    request.on("error", reject);
    request.end();
  });
}

test("the redirect reads its headers in any case, the first of a repeated one, and no country from a repeated country header", async () => {
  await createTestLink(server, { url: "https://shop.example/raw", slug: "raw" });
  const host = new URL(server.url).host;
  const clicks = [
    await clickWithRawHeaders(server, "raw", [
      "HOST",
      host,
      "USER-AGENT",
      INSTAGRAM,
      "REFERER",
      "https://l.instagram.com/?u=x",
      "X-Country",
      "nl",
    ]),
    await clickWithRawHeaders(server, "raw", [
      "Host",
      host,
      "User-Agent",
      TIKTOK,
      "user-agent",
      INSTAGRAM,
      "Cf-IPCountry",
      "be",
      "cf-ipcountry",
      "fr",
      "x-country",
      "de",
    ]),
    await clickWithRawHeaders(server, "raw", [
      "host",
      host,
      "user-agent",
      BROWSER,
      "x-country",
      "de",
      "X-COUNTRY",
      "fr",
    ]),
    await clickWithRawHeaders(server, "raw", [
      "Host",
      host,
      "User-Agent",
      `${BROWSER} (another visitor)`,
      "CF-IPCOUNTRY",
      "lu",
      "X-Country",
      "de",
    ]),
  ];
  await linkStats(server, "raw");
  const rows = await server.store.all<{
    click_id: string;
    device: string;
    referrer_domain: string | null;
    country: string | null;
  }>(
    "SELECT click_id, device, referrer_domain, country FROM clicks WHERE click_id IN (SELECT unnest($ids::VARCHAR[]))",
    { ids: clicks.filter((id) => id !== null) },
  );
  const byId = new Map(rows.map((row) => [row.click_id, row]));
  const [upperCase, repeated, repeatedCountry, bothCountries] = clicks.map((id) => byId.get(id ?? ""));
  assert.deepEqual(
    { ...upperCase, click_id: undefined },
    { click_id: undefined, device: "mobile", referrer_domain: "l.instagram.com", country: "NL" },
  );
  // TikTok's agent came first (Android); Instagram's (iOS) second: the first counts, as in node's headers.
  const [tiktok] = await server.store.all<{ os: string }>("SELECT os FROM clicks WHERE click_id = $id", {
    id: repeated?.click_id ?? "",
  });
  assert.equal(tiktok?.os, "Android");
  assert.equal(repeated?.country, null, "be, fr is no country; x-country does not count beside cf-ipcountry");
  assert.equal(repeatedCountry?.country, null, "de, fr is no country");
  assert.equal(bothCountries?.country, "LU");
});

test("X-Forwarded-For is ignored unless the proxy is trusted; behind a trusted proxy visitors are told apart", async () => {
  await createTestLink(server, { url: "https://shop.example/proxied", slug: "proxied" });
  for (const visitor of ["198.51.100.1", "198.51.100.2"])
    await server.click("proxied", BROWSER, "", { "x-forwarded-for": visitor });
  assert.equal((await linkStats(server, "proxied"))?.clicks, 1);

  const behindProxy = await startServer({ trustedProxies: ["loopback"] });
  try {
    await createTestLink(behindProxy, { url: "https://shop.example/proxied", slug: "proxied" });
    for (const visitor of ["198.51.100.1", "198.51.100.2", "198.51.100.1"])
      await behindProxy.click("proxied", BROWSER, "", { "x-forwarded-for": visitor });
    assert.equal((await linkStats(behindProxy, "proxied"))?.clicks, 2);
  } finally {
    await behindProxy.close();
  }
});

test("HEAD checks a link without counting a click; malformed and nested slugs are not found", async () => {
  await createTestLink(server, { url: "https://shop.example/checked", slug: "checked" });
  const head = await fetch(`${server.url}/l/checked`, { method: "HEAD", redirect: "manual" });
  assert.equal(head.status, 302);
  assert.equal(new URL(head.headers.get("location") ?? "").searchParams.get("sr_id"), null);
  assert.equal((await linkStats(server, "checked"))?.clicks, 0);
  for (const path of ["/l/%E0%A4%A", "/l/checked/more", "/l/"])
    assert.equal((await fetch(`${server.url}${path}`, { redirect: "manual" })).status, 404, path);
});

test("unknown and archived slugs answer a 404 page, never a redirect", async () => {
  const unknown = await server.click("no-such-link");
  assert.equal(unknown.status, 404);
  assert.equal(unknown.headers.get("location"), null);
  assert.match(await unknown.text(), /Link not found/);
  const link = await createTestLink(server, { url: "https://shop.example/old", slug: "retired" });
  assert.equal((await server.click("retired")).status, 302);
  assert.equal((await server.api(`/api/links/${link.id}`, { method: "DELETE" })).status, 200);
  const archived = await server.click("retired");
  assert.equal(archived.status, 404);
  assert.equal(archived.headers.get("location"), null);
});

test("an updated destination is used at once (the link cache is invalidated)", async () => {
  await createTestLink(server, { url: "https://shop.example/v1", slug: "moving" });
  assert.match((await server.click("moving")).headers.get("location")!, /\/v1\?/);
  const response = await server.api("/api/links/moving", {
    method: "PATCH",
    body: { url: "https://shop.example/v2" },
  });
  assert.equal(response.status, 200);
  assert.match((await server.click("moving")).headers.get("location")!, /\/v2\?/);
});

test("link API: bad destinations and taken slugs are refused, QR codes are served", async () => {
  const bad = await server.api("/api/links", { body: { url: "javascript:alert(1)" } });
  assert.equal(bad.status, 400);
  assert.equal(refusedFields(await bad.json())[0]?.path, "url");
  await createTestLink(server, { url: "https://shop.example", slug: "taken" });
  assert.equal(
    (await server.api("/api/links", { body: { url: "https://shop.example", slug: "taken" } })).status,
    409,
  );
  assert.equal((await server.api("/api/links", { token: null })).status, 401);
  const svg = await server.api("/api/links/taken/qr.svg");
  assert.equal(svg.headers.get("content-type"), "image/svg+xml");
  assert.match(await svg.text(), /^<svg/);
  const png = Buffer.from(await (await server.api("/api/links/taken/qr.png")).arrayBuffer());
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from("PNG")]);
});

test("/sr.js keeps sr_id in a 90-day first-party cookie, last or first click", async () => {
  const response = await fetch(`${server.url}/sr.js`);
  assert.match(response.headers.get("content-type")!, /javascript/);
  const script = await response.text();
  const visit = (search: string, cookie: string, attribution: string | null) => {
    const document = {
      cookie,
      currentScript: { getAttribute: (name: string) => (name === "data-attribution" ? attribution : null) },
    };
    const window = {} as { socialroi?: { clickId(): string | null } };
    const written: string[] = [];
    const jar = {
      get cookie() {
        return document.cookie;
      },
      set cookie(value: string) {
        written.push(value);
        document.cookie = value.split(";")[0]!;
      },
      currentScript: document.currentScript,
    };
    runInNewContext(script, {
      document: jar,
      window,
      location: { search, protocol: "https:" },
      URLSearchParams,
    });
    return { written, clickId: window.socialroi?.clickId() };
  };
  const landed = visit("?sr_id=clk_abc123&x=1", "", null);
  assert.equal(landed.clickId, "clk_abc123");
  assert.match(landed.written[0]!, /^sr_id=clk_abc123; Max-Age=7776000; Path=\/; SameSite=Lax; Secure$/);
  assert.equal(visit("?sr_id=clk_new", "sr_id=clk_old", null).clickId, "clk_new");
  assert.equal(visit("?sr_id=clk_new", "sr_id=clk_old", "first").clickId, "clk_old");
  assert.equal(visit("", "sr_id=clk_old", null).clickId, "clk_old");
  assert.equal(visit("?sr_id=<script>", "", null).written.length, 0);
});
