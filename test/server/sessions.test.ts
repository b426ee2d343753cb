import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";

/**
 * Issue 18: sessions and CSRF over real HTTP. The cookie's flags, writes refused from other sites
 * or without the CSRF token, sessions and tokens ended at once, guesses of a password limited.
 */

const PASSWORD = "correct horse battery";

let store: DuckDbStore;
let workspace: Workspace;
let app: FastifyInstance;
let base: string;

async function listen(trustedProxies?: string[]): Promise<{ app: FastifyInstance; base: string }> {
  const server = await buildApp({ store, workspace }, { trustedProxies });
  return { app: server, base: await server.listen({ host: "127.0.0.1", port: 0 }) };
}

before(async () => {
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  store = await DuckDbStore.open(":memory:");
  workspace = await defaultWorkspace(store);
  ({ app, base } = await listen());
});

after(async () => {
  await app.close();
  await store.close();
});

interface Session {
  cookie: string;
  csrf: string;
  setCookies: string[];
}

function signIn(email: string, password = PASSWORD, headers: Record<string, string> = {}, at = base) {
  return fetch(`${at}/api/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
  });
}

async function session(email: string): Promise<Session> {
  const answer = await signIn(email);
  assert.equal(answer.status, 200, await answer.clone().text());
  const setCookies = answer.headers.getSetCookie();
  const id = /^sr_session=([^;]+)/.exec(setCookies.find((c) => c.startsWith("sr_session=")) ?? "")?.[1];
  assert.ok(id, "a session cookie is set");
  const { csrf_token } = (await answer.json()) as { csrf_token: string };
  return { cookie: `sr_session=${id}`, csrf: csrf_token, setCookies };
}

/** A cost the user adds, as the dashboard's page would send it unless `headers` say otherwise. */
function addCost(
  user: Session,
  headers: Record<string, string> = { "x-csrf-token": user.csrf, origin: base },
) {
  return fetch(`${base}/api/costs`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: user.cookie, ...headers },
    body: JSON.stringify({ date: "2026-08-01", category: "tools", amount: 5, currency: workspace.currency }),
  });
}

const me = (credentials: Record<string, string>) => fetch(`${base}/api/me`, { headers: credentials });

/** What a browser sends with the dashboard's `fetch("/api/session", { method: "POST" })`. */
const dashboardOnThisMachine = () => ({ origin: base, "sec-fetch-site": "same-origin" });

test("without users the dashboard on this machine gets its session as before; once one exists, only sign-in", async () => {
  const access = async () => (await (await fetch(`${base}/api/access`)).json()) as Record<string, unknown>;
  assert.deepEqual([(await access())["mode"], (await access())["accounts"]], ["local", false]);
  const minted = await fetch(`${base}/api/session`, { method: "POST", headers: dashboardOnThisMachine() });
  assert.equal(minted.status, 200);
  const { token } = (await minted.json()) as { token: string };

  await createUser(store, { email: "ann@example.com", password: PASSWORD });
  assert.deepEqual([(await access())["mode"], (await access())["accounts"]], ["token", true]);
  const refused = await fetch(`${base}/api/session`, { method: "POST", headers: dashboardOnThisMachine() });
  assert.equal(refused.status, 403);
  assert.doesNotMatch(await refused.text(), /sr_/);
  const withoutCredentials = await fetch(`${base}/api/roi`);
  assert.equal(withoutCredentials.status, 401);
  // Tokens made before keep working: a user's arrival signs no script out.
  const roi = await fetch(`${base}/api/roi`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(roi.status, 200);
});

test("the session cookie is HttpOnly and SameSite=Lax, Secure once the request came over HTTPS", async () => {
  const { setCookies } = await session("ann@example.com");
  const sessionCookie = setCookies.find((c) => c.startsWith("sr_session="))!;
  const csrfCookie = setCookies.find((c) => c.startsWith("sr_csrf="))!;
  for (const flag of ["HttpOnly", "SameSite=Lax", "Path=/"]) assert.ok(sessionCookie.includes(flag), flag);
  assert.match(sessionCookie, /Max-Age=\d{6,}/);
  assert.doesNotMatch(sessionCookie, /Secure/, "not over plain HTTP, where the browser would drop it");
  assert.doesNotMatch(csrfCookie, /HttpOnly/, "the dashboard's script reads the CSRF token");

  const proxied = await listen(["loopback"]);
  try {
    const over = await signIn("ann@example.com", PASSWORD, { "x-forwarded-proto": "https" }, proxied.base);
    assert.equal(over.status, 200);
    for (const cookie of over.headers.getSetCookie()) assert.match(cookie, /; Secure/);
    const plain = await signIn("ann@example.com", PASSWORD, {}, proxied.base);
    for (const cookie of plain.headers.getSetCookie()) assert.doesNotMatch(cookie, /Secure/);
  } finally {
    await proxied.app.close();
  }
});

test("a write with the session cookie needs the CSRF token and a page of this server", async () => {
  const ann = await session("ann@example.com");
  const refusals: [string, Record<string, string>][] = [
    ["no CSRF header", { origin: base }],
    [
      "another session's CSRF token",
      { origin: base, "x-csrf-token": (await session("ann@example.com")).csrf },
    ],
    ["a cross-site Origin", { origin: "https://evil.example", "x-csrf-token": ann.csrf }],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site", "x-csrf-token": ann.csrf }],
    ["a same-site fetch", { "sec-fetch-site": "same-site", "x-csrf-token": ann.csrf }],
  ];
  for (const [what, headers] of refusals) {
    const answer = await addCost(ann, headers);
    assert.equal(answer.status, 403, `${what}: ${await answer.text()}`);
  }
  assert.equal((await addCost(ann)).status, 201, "the dashboard's own write");
  assert.equal((await me({ cookie: ann.cookie })).status, 200, "reads need no CSRF token");
  const crossSiteSignIn = await signIn("ann@example.com", PASSWORD, { origin: "https://evil.example" });
  assert.equal(crossSiteSignIn.status, 403, "nor may another site sign a visitor in");
});

test("a request with a token is judged by the token alone, never by a cookie it also carries", async () => {
  const ann = await session("ann@example.com");
  const answer = await me({ cookie: ann.cookie, authorization: "Bearer sr_wrong" });
  assert.equal(answer.status, 401);
});

test("signing out ends the session at once; signing out everywhere ends every other too", async () => {
  const first = await session("ann@example.com");
  const second = await session("ann@example.com");
  const third = await session("ann@example.com");
  const out = await fetch(`${base}/api/sign-out`, {
    method: "POST",
    headers: { cookie: first.cookie, "x-csrf-token": first.csrf },
  });
  assert.equal(out.status, 200);
  assert.deepEqual(await out.json(), { sessions_ended: 1 });
  assert.ok(
    out.headers.getSetCookie().every((cookie) => cookie.includes("Max-Age=0")),
    "the cookies are cleared",
  );
  assert.equal((await me({ cookie: first.cookie })).status, 401);
  assert.equal((await me({ cookie: second.cookie })).status, 200);

  const everywhere = await fetch(`${base}/api/sign-out-everywhere`, {
    method: "POST",
    headers: { cookie: second.cookie, "x-csrf-token": second.csrf },
  });
  assert.equal(everywhere.status, 200);
  assert.ok(((await everywhere.json()) as { sessions_ended: number }).sessions_ended >= 2);
  assert.equal((await me({ cookie: second.cookie })).status, 401);
  assert.equal((await me({ cookie: third.cookie })).status, 401);
});

test("a revoked or expired token is refused at once", async () => {
  const ann = await session("ann@example.com");
  const dashboard = { cookie: ann.cookie, "x-csrf-token": ann.csrf, origin: base };
  const made = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { ...dashboard, "content-type": "application/json" },
    body: JSON.stringify({ label: "shop", scopes: ["read"] }),
  });
  assert.equal(made.status, 201);
  const { token } = (await made.json()) as { token: string };
  const bearer = { authorization: `Bearer ${token}` };
  assert.equal((await fetch(`${base}/api/costs`, { headers: bearer })).status, 200);
  assert.equal(
    (await fetch(`${base}/api/tokens`, { headers: bearer })).status,
    403,
    "read scope: no managing",
  );

  const list = (await (await fetch(`${base}/api/tokens`, { headers: dashboard })).json()) as {
    tokens: { token_id: string; label: string | null; scopes: string[] }[];
  };
  const listed = list.tokens.find((t) => t.label === "shop")!;
  assert.deepEqual(listed.scopes, ["read"]);
  const revoked = await fetch(`${base}/api/tokens/${listed.token_id}`, {
    method: "DELETE",
    headers: dashboard,
  });
  assert.equal(revoked.status, 200);
  assert.equal((await fetch(`${base}/api/costs`, { headers: bearer })).status, 401);

  const expired = await createApiToken(store, workspace.id, {
    expiresAt: new Date(Date.now() + 1500).toISOString(),
  });
  assert.equal(
    (await fetch(`${base}/api/costs`, { headers: { authorization: `Bearer ${expired}` } })).status,
    200,
  );
  await new Promise((resolve) => setTimeout(resolve, 1600));
  assert.equal(
    (await fetch(`${base}/api/costs`, { headers: { authorization: `Bearer ${expired}` } })).status,
    401,
  );
});

test("wrong passwords are limited per e-mail address, the right one included once over", async () => {
  await createUser(store, { email: "bob@example.com", password: PASSWORD });
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 11; attempt++)
    statuses.push((await signIn("bob@example.com", "not the password")).status);
  assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
  assert.equal((await signIn("BOB@example.com")).status, 429, "however the address is spelled");
  const unknown = await signIn("nobody@example.com");
  assert.equal(unknown.status, 401, "another address still has its guesses");
  assert.equal(
    ((await unknown.json()) as { error: { message: string } }).error.message,
    "Wrong e-mail address or password",
  );
});
