import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace, defaultWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { createLink } from "../../src/tracking/create-link.js";
import { addLinkDomain } from "../../src/tracking/link-domains.js";
import { callApi, signedIn } from "./signed-in.js";
import { visitWithHost } from "./visit-with-host.js";

/**
 * Issue 18: a short-link domain per workspace, over real HTTP with the Host header each request
 * names. Through a workspace's domain only its links open; any other host keeps opening the
 * served workspace's.
 */

const BAKERY = "links.bakery.example";
const FLORIST = "links.florist.example";

let store: DuckDbStore;
let served: Workspace;
let bakery: Workspace;
let florist: Workspace;
let app: FastifyInstance;
let base: string;
const tokens: Record<string, string> = {};

function newWorkspace(name: string): Promise<Workspace> {
  return createWorkspace(store, { name, currency: "EUR", timezone: "UTC", locale: "en" });
}

before(async () => {
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  store = await DuckDbStore.open(":memory:");
  served = await defaultWorkspace(store);
  bakery = await newWorkspace("Bakery");
  florist = await newWorkspace("Florist");
  for (const workspace of [served, bakery, florist])
    tokens[workspace.id] = await createApiToken(store, workspace.id);
  await createLink(store, served.id, { url: "https://served.example/", slug: "served" });
  await createLink(store, bakery.id, { url: "https://bakery.example/bread", slug: "spring" });
  await createLink(store, bakery.id, { url: "https://bakery.example/cake", slug: "only-bakery" });
  await createLink(store, florist.id, { url: "https://florist.example/roses", slug: "spring" });
  app = await buildApp({ store, workspace: served });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
});

/** Where the short link sends a visitor through `host`: the destination's path, or the status. */
const destination = async (slug: string, host: string) => {
  const answer = await visitWithHost(base, `/l/${slug}`, host);
  return answer.status === 302 ? new URL(answer.location!).pathname : answer.status;
};

function api(workspace: Workspace, method: string, path: string, body?: unknown) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[workspace.id]}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const domainsOf = async (response: Response) =>
  ((await response.json()) as { domains: { domain: string }[] }).domains.map((d) => d.domain);

test("a slug opens, through a workspace's domain, that workspace's link and no other's", async () => {
  assert.deepEqual(await domainsOf(await api(bakery, "POST", "/api/link-domains", { domain: BAKERY })), [
    BAKERY,
  ]);
  assert.deepEqual(
    await domainsOf(
      await api(florist, "POST", "/api/link-domains", { domain: ` ${FLORIST.toUpperCase()}. ` }),
    ),
    [FLORIST],
  );

  assert.equal(await destination("spring", BAKERY), "/bread");
  assert.equal(await destination("spring", `${BAKERY.toUpperCase()}:8080`), "/bread");
  assert.equal(await destination("spring", FLORIST), "/roses");
  assert.equal(await destination("only-bakery", BAKERY), "/cake");
  assert.equal(await destination("only-bakery", FLORIST), 404);
  assert.equal(await destination("served", BAKERY), 404);

  // Any other host: the served workspace's links, as before domains existed.
  const { host } = new URL(base);
  assert.equal(await destination("served", host), "/");
  assert.equal(await destination("only-bakery", host), 404);
  assert.equal(await destination("spring", "unknown.example"), 404);
});

test("a click through a workspace's domain counts for it, and its short URLs name the domain", async () => {
  assert.equal(await destination("only-bakery", BAKERY), "/cake");
  const listed = (await (await api(bakery, "GET", "/api/links")).json()) as {
    links: { slug: string; short_url: string; clicks: number }[];
  };
  assert.deepEqual(listed.links.map((link) => [link.slug, link.short_url]).sort(), [
    ["only-bakery", `http://${BAKERY}/l/only-bakery`],
    ["spring", `http://${BAKERY}/l/spring`],
  ]);
  // Both visits of the tests so far, one visitor within the window: one click, counted for the bakery.
  assert.equal(listed.links.find((link) => link.slug === "only-bakery")!.clicks, 1);
  const servedLinks = (await (await api(served, "GET", "/api/links")).json()) as {
    links: { short_url: string; clicks: number }[];
  };
  assert.deepEqual(
    servedLinks.links.map((link) => link.short_url),
    [`${base}/l/served`],
  );
});

test("a domain belongs to one workspace; taken away, it opens the served workspace's links at once", async () => {
  const taken = await api(florist, "POST", "/api/link-domains", { domain: BAKERY });
  assert.equal(taken.status, 409);
  assert.match(await taken.text(), /links\.bakery\.example is the short-link domain of another workspace/);
  assert.equal(
    (await api(bakery, "POST", "/api/link-domains", { domain: "https://x.example/" })).status,
    400,
  );
  assert.equal((await api(florist, "DELETE", `/api/link-domains/${BAKERY}`)).status, 404, "not florist's");

  assert.deepEqual(await domainsOf(await api(bakery, "DELETE", `/api/link-domains/${BAKERY}`)), []);
  assert.equal(await destination("only-bakery", BAKERY), 404);
  assert.equal(await destination("served", BAKERY), "/");

  assert.deepEqual(await domainsOf(await api(florist, "POST", "/api/link-domains", { domain: BAKERY })), [
    FLORIST,
    BAKERY,
  ]);
  assert.equal(await destination("spring", BAKERY), "/roses");
  assert.deepEqual(await domainsOf(await api(florist, "GET", "/api/link-domains")), [FLORIST, BAKERY]);
});

// Last: its first user turns the server to accounts.
test("a deleted workspace's links stop opening at once, through its domain too", async () => {
  const shop = await newWorkspace("Shop");
  await createLink(store, shop.id, { url: "https://shop.example/soon-gone", slug: "soon-gone" });
  await addLinkDomain(store, shop.id, "links.shop.example");
  assert.equal(await destination("soon-gone", "links.shop.example"), "/soon-gone");
  // The instance's first user owns every workspace: only an owner deletes one.
  await createUser(store, { email: "owner@domains.example", password: "a long enough password" });
  const owner = await signedIn(base, "owner@domains.example", "a long enough password");
  const deleted = await callApi(base, owner, "DELETE", `/api/workspace?workspace=${shop.id}`, {
    confirm: "Shop",
  });
  assert.equal(deleted.status, 200, deleted.text);
  assert.equal(await destination("soon-gone", "links.shop.example"), 404);
});
