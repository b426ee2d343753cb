import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Role, TokenScope } from "../../src/api/auth.js";
import { costInputSchema } from "../../src/api/costs.js";
import { ROUTES } from "../../src/api/routes.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { createLink } from "../../src/tracking/create-link.js";
import { listLinks } from "../../src/tracking/list-links.js";
import { concretePath, registeredRoutes } from "./registered-routes.js";

/**
 * Issue 18: every registered route, called by a member of workspace A of each role, by tokens of A
 * of each scope, and by a member of workspace B, is allowed or refused exactly as these tables say;
 * B's member never sees anything of A.
 */

type Level = "public" | "account" | "report" | "read" | "write" | "track" | "manage" | "own";

/** What each route needs: written out here, not read from the server, so that a change shows. */
const ROUTE_LEVELS: Record<string, Level> = {
  "GET /*": "public",
  "GET /sr.js": "public",
  "GET /api/access": "public",
  "GET /api/openapi.json": "public",
  "POST /api/session": "public",
  "POST /api/sign-in": "public",
  "POST /api/password-reset": "public",
  "POST /api/password-reset/confirm": "public",
  "POST /api/webhooks/stripe": "public",
  "POST /api/webhooks/shopify": "public",
  "GET /api/me": "account",
  "POST /api/sign-out": "account",
  "POST /api/sign-out-everywhere": "account",
  "PUT /api/me/workspace": "account",
  "GET /api/portfolio": "account",
  "GET /api/roi": "report",
  "GET /api/funnel": "report",
  "GET /api/goals": "report",
  "GET /api/metrics": "report",
  "GET /api/report": "report",
  "GET /api/workspace": "report",
  "GET /api/branding": "report",
  "GET /api/attribution": "read",
  "GET /api/mmm": "read",
  "GET /api/mmm/lift-tests": "read",
  "GET /api/insights": "read",
  "GET /api/insights/best-times": "read",
  "GET /api/insights/value-estimates": "read",
  "GET /api/insights/emv": "read",
  "GET /api/insights/care": "read",
  "GET /api/mentions": "read",
  "GET /api/conversions/held": "read",
  "GET /api/links": "read",
  "GET /api/links/:id/qr.svg": "read",
  "GET /api/links/:id/qr.png": "read",
  "GET /api/link-domains": "read",
  "GET /api/costs": "read",
  "GET /api/costs/by-category": "read",
  "GET /api/value-rules": "read",
  "GET /api/goal-catalogue": "read",
  "GET /api/imports": "read",
  "GET /api/posts": "read",
  "POST /api/links": "write",
  "PATCH /api/links/:id": "write",
  "DELETE /api/links/:id": "write",
  "POST /api/costs": "write",
  "PUT /api/costs/:id": "write",
  "DELETE /api/costs/:id": "write",
  "POST /api/value-rules": "write",
  "POST /api/goals": "write",
  "DELETE /api/goals/:id": "write",
  "POST /api/mmm/lift-tests": "write",
  "DELETE /api/mmm/lift-tests/:id": "write",
  "PUT /api/mentions/:network/:mentionId/sentiment": "write",
  "DELETE /api/mentions/:network/:mentionId/sentiment": "write",
  "POST /api/imports": "write",
  "POST /api/track/lead": "track",
  "POST /api/track/sale": "track",
  "PATCH /api/workspace": "manage",
  "POST /api/link-domains": "manage",
  "DELETE /api/link-domains/:domain": "manage",
  "GET /api/tokens": "manage",
  "POST /api/tokens": "manage",
  "DELETE /api/tokens/:id": "manage",
  "GET /api/members": "manage",
  "PUT /api/members": "manage",
  "DELETE /api/members/:id": "manage",
  "GET /api/audit": "manage",
  "GET /api/audit.csv": "manage",
  "GET /api/workspace/export": "manage",
  "DELETE /api/workspace": "own",
};

/** Who may do what in workspace A. */
const ALLOWED: Record<Role | `token:${TokenScope}`, Level[]> = {
  owner: ["report", "read", "write", "track", "manage", "own"],
  admin: ["report", "read", "write", "track", "manage"],
  editor: ["report", "read", "write", "track"],
  viewer: ["report", "read"],
  client: ["report"],
  "token:read": ["report", "read"],
  "token:write": ["report", "read", "write"],
  "token:track": ["track"],
  "token:manage": ["report", "read", "write", "track", "manage"],
};
const ROLES = ["owner", "admin", "editor", "viewer", "client"] as const;
const SCOPES = ["read", "write", "track", "manage"] as const;

/** Periods and formats that keep the heavier reads quick; every other route is called bare. */
const QUERIES: Record<string, string> = {
  "GET /api/report": "format=csv&from=2026-08-01&to=2026-08-07",
  "GET /api/attribution": "from=2026-08-01&to=2026-08-07",
  // A week is too short for a model: refused by its first check, before any sampling.
  "GET /api/mmm": "from=2026-08-01&to=2026-08-07",
  "GET /api/insights": "from=2026-08-01&to=2026-08-07",
};

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let a: Workspace;
let b: Workspace;
/** What of A must never reach B's member: its id, name, link slugs and a cost's note. */
let secretsOfA: string[];

interface Credentials {
  headers: Record<string, string>;
}

async function signIn(email: string): Promise<Credentials> {
  const answer = await fetch(`${base}/api/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(answer.status, 200, email);
  const session = /sr_session=([^;]+)/.exec(answer.headers.get("set-cookie") ?? "")?.[1];
  const { csrf_token } = (await answer.json()) as { csrf_token: string };
  return { headers: { cookie: `sr_session=${session}`, "x-csrf-token": csrf_token } };
}

const PASSWORD = "a long enough password";
const emailOf = (who: string) => `${who}@roles.example`;

before(async () => {
  // Hundreds of calls from one address: the tracking API's rate limit is tested apart.
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  store = await DuckDbStore.open(":memory:");
  a = await buildDemo(store);
  b = await createWorkspace(store, { name: "Bakery B", currency: "USD", timezone: "UTC", locale: "en" });
  await createLink(store, b.id, {
    url: "https://bakery.example/bread",
    network: "instagram",
    slug: "b-bread",
  });
  const cost = { date: "2026-08-01", category: "tools", amount: 9 };
  await createCostEntry(store, b.id, costInputSchema.parse({ ...cost, currency: "USD" }));
  await createCostEntry(
    store,
    a.id,
    costInputSchema.parse({ ...cost, currency: a.currency, description: "secret-note-of-a" }),
  );
  // The first user owns the instance (every workspace): the members come after.
  await createUser(store, { email: emailOf("instance"), password: PASSWORD });
  for (const role of ROLES) {
    const user = await createUser(store, { email: emailOf(role), password: PASSWORD });
    await addMember(store, a.id, user!.user_id, role);
  }
  const other = await createUser(store, { email: emailOf("b-owner"), password: PASSWORD });
  await addMember(store, b.id, other!.user_id, "owner");
  secretsOfA = [a.id, a.name, "secret-note-of-a", ...(await listLinks(store, a.id)).map((link) => link.slug)];
  app = await buildApp({ store, workspace: a });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
});

/** The registered routes (HEAD answers as its GET does), each with the level the table gives it. */
function routesWithLevels(): { key: string; method: string; url: string; level: Level }[] {
  const routes = registeredRoutes(app).filter((route) => route.method !== "HEAD");
  const keys = routes.map((route) => `${route.method} ${route.url}`);
  assert.deepEqual(
    keys.toSorted(),
    Object.keys(ROUTE_LEVELS).toSorted(),
    "the table names every route, and only those",
  );
  const documented = ROUTES.filter((route) => !route.raw).map((route) => `${route.method} ${route.path}`);
  assert.deepEqual(keys.toSorted(), documented.toSorted(), "the registered routes are the documented ones");
  // Signing out everywhere last: it ends the session the other calls are made with too.
  return routes
    .map((route) => ({
      ...route,
      key: `${route.method} ${route.url}`,
      level: ROUTE_LEVELS[`${route.method} ${route.url}`]!,
    }))
    .sort(
      (x, y) =>
        Number(x.url.endsWith("/sign-out-everywhere")) - Number(y.url.endsWith("/sign-out-everywhere")),
    );
}

/** Signing out ends the session it is sent with: those calls get one of their own. */
async function sessionFor(route: { url: string }, email: string, shared: Credentials): Promise<Credentials> {
  return route.url.includes("/sign-out") ? signIn(email) : shared;
}

async function call(
  route: { key: string; method: string; url: string },
  credentials: Credentials,
  workspace?: string,
): Promise<{ status: number; body: string }> {
  const query = [QUERIES[route.key], workspace && `workspace=${workspace}`].filter(Boolean).join("&");
  const answer = await fetch(`${base}${concretePath(route.url)}${query ? `?${query}` : ""}`, {
    method: route.method,
    headers: credentials.headers,
  });
  return { status: answer.status, body: await answer.text() };
}

/** Admitted: whatever the route then answered (a bad body, an unknown id), access did not refuse it. */
function assertDecision(allowed: boolean, answer: { status: number; body: string }, where: string): void {
  if (allowed)
    assert.ok(
      ![401, 403].includes(answer.status),
      `${where} is allowed: ${answer.status} ${answer.body.slice(0, 200)}`,
    );
  else assert.equal(answer.status, 403, `${where} is refused: ${answer.body.slice(0, 200)}`);
}

test("each role of workspace A may call exactly the routes its levels allow", async () => {
  for (const role of ROLES) {
    const credentials = await signIn(emailOf(role));
    for (const route of routesWithLevels()) {
      if (route.level === "public") continue;
      // Account routes act on no workspace: every signed-in user may call them.
      const allowed = route.level === "account" || ALLOWED[role].includes(route.level);
      const session = await sessionFor(route, emailOf(role), credentials);
      const answer = await call(route, session, route.level === "account" ? undefined : a.id);
      assertDecision(allowed, answer, `${role}: ${route.key}`);
    }
  }
});

test("each token scope opens exactly its levels, in its own workspace, and no account route", async () => {
  for (const scope of SCOPES) {
    const token = await createApiToken(store, a.id, { scopes: [scope], label: scope });
    const credentials = { headers: { authorization: `Bearer ${token}` } };
    for (const route of routesWithLevels()) {
      if (route.level === "public") continue;
      const answer = await call(route, credentials);
      if (route.level === "account") assert.equal(answer.status, 401, `token:${scope}: ${route.key}`);
      else
        assertDecision(
          ALLOWED[`token:${scope}`].includes(route.level),
          answer,
          `token:${scope}: ${route.key}`,
        );
      if (route.level !== "account") {
        const elsewhere = await call(route, credentials, b.id);
        assert.equal(elsewhere.status, 404, `token:${scope} in B: ${route.key}`);
      }
    }
  }
});

test("B's member is told nothing of A: A's id answers 404 like an unknown one, and no answer holds A's data", async () => {
  const credentials = await signIn(emailOf("b-owner"));
  const unknown = await call(
    { key: "GET /api/roi", method: "GET", url: "/api/roi" },
    credentials,
    "ws_unknown",
  );
  for (const route of routesWithLevels()) {
    if (route.level === "public") continue;
    const own = await call(route, await sessionFor(route, emailOf("b-owner"), credentials));
    assertDecision(true, own, `B's owner in B: ${route.key}`);
    for (const secret of secretsOfA)
      assert.ok(!own.body.includes(secret), `${route.key} in B shows ${secret}`);
    if (route.level === "account") continue;
    const intoA = await call(route, credentials, a.id);
    assert.equal(intoA.status, 404, `B's owner into A: ${route.key}`);
    assert.equal(intoA.body.replace(a.id, "ID"), unknown.body.replace("ws_unknown", "ID"), route.key);
  }
});

test("the instance's owner owns every workspace; a member's first workspace is the default", async () => {
  const owner = await signIn(emailOf("instance"));
  const me = (await (await fetch(`${base}/api/me`, owner)).json()) as {
    workspaces: { id: string; role: string }[];
  };
  assert.deepEqual(
    me.workspaces.map((w) => [w.id, w.role]),
    [
      [a.id, "owner"],
      [b.id, "owner"],
    ],
  );
  const inB = (await (await fetch(`${base}/api/workspace?workspace=${b.id}`, owner)).json()) as Workspace;
  assert.equal(inB.name, "Bakery B");
  const viewer = await signIn(emailOf("viewer"));
  const first = (await (await fetch(`${base}/api/workspace`, viewer)).json()) as Workspace;
  assert.equal(first.id, a.id);
});
