import assert from "node:assert/strict";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { buildDemo } from "../../src/demo/build-demo.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { REPORT_FORMATS } from "../../src/reports/render/index.js";
import { ACCESS, enforceAccess } from "../../src/server/access.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { concretePath, registeredRoutes } from "./registered-routes.js";

/**
 * Issue 13, items 1, 7 and 11: one access decision per request on the route the router matched,
 * whatever spelling of the path reaches it; a session token for the dashboard on this machine
 * only; reports and the report preview under their content security policies. Over a real socket,
 * with node:http: fetch would normalise the very paths tried here.
 */

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Server {
  app: FastifyInstance;
  port: number;
  send(method: string, path: string, headers?: Record<string, string>): Promise<Answer>;
}

async function listen(app: FastifyInstance): Promise<Server> {
  const port = Number(new URL(await app.listen({ host: "127.0.0.1", port: 0 })).port);
  const send = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const sent = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      sent.on("error", reject);
      sent.end();
    });
  return { app, port, send };
}

let store: DuckDbStore;
let workspace: Workspace;
let server: Server;
let token: string;

before(async () => {
  // Hundreds of refused calls from one address: the tracking API's rate limit is tested apart.
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  store = await DuckDbStore.open(":memory:");
  workspace = await buildDemo(store);
  token = await createApiToken(store, workspace.id);
  server = await listen(await buildApp({ store, workspace }));
});

after(async () => {
  await server.app.close();
  await store.close();
});

const hex = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

/** Spellings the router decodes to the same route: each must meet the same decision. */
function sameRouteSpellings(path: string, port: number): string[] {
  const segments = path.slice(1).split("/");
  const encoded = (at: number) =>
    `/${segments.map((segment) => (segment.length > at ? segment.slice(0, at) + hex(segment[at]!) + segment.slice(at + 1) : segment)).join("/")}`;
  return [
    path,
    `/${hex(path[1]!).toLowerCase()}${path.slice(2)}`,
    encoded(0),
    encoded(1),
    `${path}?`,
    `${path}?from=2026-03-01`,
    `${path}#top`,
    `http://127.0.0.1:${port}${path}`,
  ];
}

/** Spellings of a different path, which may reach another route or none, but never this one's data. */
function otherPathSpellings(path: string): string[] {
  const [first, ...rest] = path.slice(1).split("/");
  const tail = rest.length > 0 ? `/${rest.join("/")}` : "";
  return [
    `/${first}${tail.replaceAll("/", "%2F")}`,
    `/${first}${tail.replaceAll("/", "%2f")}`,
    `/${path}`,
    `/${first}/.${tail}`,
    `/${first}/../${first}${tail}`,
    path.toUpperCase(),
    `${path}/`,
    `${path}//`,
    `/%25${hex(first![0]!).slice(1)}${first!.slice(1)}${tail}`,
    `${path};jsessionid=1`,
    `/${first};x=1${tail}`,
    `${path}%3F`,
    `${path}%00`,
    `${path}%20`,
    `/${first}\\${tail.slice(1)}`,
  ];
}

const PUBLIC_ROUTES = [
  "GET /*",
  "HEAD /*",
  "GET /sr.js",
  "HEAD /sr.js",
  "GET /api/access",
  "HEAD /api/access",
  "GET /api/openapi.json",
  "HEAD /api/openapi.json",
  "POST /api/session",
  "POST /api/sign-in",
  "POST /api/password-reset",
  "POST /api/password-reset/confirm",
  "POST /api/webhooks/stripe",
  "POST /api/webhooks/shopify",
];

const REFUSAL = /Missing or invalid token or session/;

test("the routes that answer without a token are exactly the declared public ones", async () => {
  const routes = registeredRoutes(server.app);
  assert.ok(routes.length > 40, `${routes.length} routes read`);
  const open: string[] = [];
  for (const { method, url } of routes) {
    const answer = await server.send(method, concretePath(url));
    if (answer.status !== 401) open.push(`${method} ${url}`);
  }
  assert.deepEqual(open.sort(), [...PUBLIC_ROUTES].sort());
});

test("no spelling of a path reaches a token route without a valid token", async () => {
  const shell = await server.send("GET", "/");
  assert.equal(shell.status, 200);
  const tokenRoutes = registeredRoutes(server.app).filter(
    ({ method, url }) => !PUBLIC_ROUTES.includes(`${method} ${url}`),
  );
  const wrongCredentials: Record<string, string>[] = [
    {},
    { authorization: "Bearer sr_wrong" },
    { authorization: "Basic c3I6c3I=" },
  ];
  for (const credentials of wrongCredentials) {
    for (const { method, url } of tokenRoutes) {
      const path = concretePath(url);
      for (const spelling of sameRouteSpellings(path, server.port)) {
        const answer = await server.send(method, spelling, credentials);
        assert.equal(answer.status, 401, `${method} ${spelling} ${JSON.stringify(credentials)}`);
        if (method !== "HEAD") assert.match(answer.body, REFUSAL);
      }
      for (const spelling of otherPathSpellings(path)) {
        const answer = await server.send(method, spelling, credentials);
        const where = `${method} ${spelling} answered ${answer.status} ${answer.body.slice(0, 80)}`;
        if (answer.status === 200) {
          // Only the dashboard's page, which holds no data, answers a path it does not know.
          assert.ok(method === "GET" || method === "HEAD", where);
          assert.match(String(answer.headers["content-type"]), /^text\/html/, where);
          if (method === "GET") assert.equal(answer.body, shell.body, where);
        } else {
          assert.ok([400, 401, 404].includes(answer.status), where);
          assert.doesNotMatch(answer.body, /"(from|to|currency|rows|costs|tokens|links)":/, where);
        }
      }
    }
  }
});

test("an unknown path is refused without a token and not found with one", async () => {
  for (const path of ["/api/nothing", "/%61pi/nothing", "/api/roi/extra", "/l"]) {
    assert.equal((await server.send("POST", path)).status, 401, path);
    const found = await server.send("POST", path, { authorization: `Bearer ${token}` });
    assert.equal(found.status, 404, path);
  }
  const malformed = await server.send("GET", "/%E0%A4%A");
  assert.equal(malformed.status, 400);
});

test("a valid token opens every spelling the router matches", async () => {
  for (const spelling of sameRouteSpellings("/api/roi", server.port)) {
    const answer = await server.send("GET", spelling, { authorization: `Bearer ${token}` });
    assert.equal(answer.status, 200, spelling);
    assert.ok(Array.isArray(JSON.parse(answer.body).rows), spelling);
  }
});

test("the tracked redirect is public, and answered ahead of the router", async () => {
  const [link] = await store.all<{ slug: string }>(
    "SELECT slug FROM links WHERE workspace_id = $ws AND archived_at IS NULL LIMIT 1",
    { ws: workspace.id },
  );
  assert.ok(link, "the demo has links");
  const redirect = await server.send("HEAD", `/l/${link.slug}`);
  assert.equal(redirect.status, 302);
  for (const path of ["/l/no-such-link", "/l/../api/roi", "/l/..%2Fapi%2Froi", "/l/%2e%2e/api/roi"]) {
    const unknown = await server.send("GET", path);
    assert.equal(unknown.status, 404, path);
    assert.match(unknown.body, /Link not found/, path);
  }
});

test("a route that declares no access stops the server from starting", async () => {
  const app = Fastify();
  enforceAccess(app, { store, workspace });
  assert.throws(() => app.get("/api/forgotten", async () => ({ secret: true })), /declares no access/);
  app.get("/api/declared", ACCESS.read, async () => ({ secret: true }));
  const nested = app.register(async (scope) => {
    scope.post("/api/nested", async () => ({ secret: true }));
  });
  await assert.rejects(async () => await nested, /POST \/api\/nested declares no access/);
});

test("over its rate, the tracking API refuses before it checks the token", async () => {
  process.env["SOCIALROI_RATE_LIMIT"] = "60";
  const limited = await listen(await buildApp({ store, workspace }));
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await limited.send("POST", "/api/track/lead")).status);
    assert.equal(statuses[0], 401);
    assert.equal(statuses.at(-1), 429);
  } finally {
    await limited.app.close();
  }
});

/** What a browser sends with the dashboard's `fetch("/api/session", { method: "POST" })`. */
function browserSession(host: string): Record<string, string> {
  return { host, origin: `http://${host}`, "sec-fetch-site": "same-origin", "content-length": "0" };
}

test("the dashboard opened on this machine gets a session token that opens the API", async () => {
  for (const name of ["127.0.0.1", "localhost"]) {
    const answer = await server.send("POST", "/api/session", browserSession(`${name}:${server.port}`));
    assert.equal(answer.status, 200, `${name}: ${answer.body}`);
    const session = JSON.parse(answer.body).token as string;
    const roi = await server.send("GET", "/api/roi", { authorization: `Bearer ${session}` });
    assert.equal(roi.status, 200);
  }
  const { "sec-fetch-site": _sent, ...olderBrowser } = browserSession(`127.0.0.1:${server.port}`);
  const older = await server.send("POST", "/api/session", olderBrowser);
  assert.equal(older.status, 200, "browsers without Sec-Fetch-Site still send Origin");
});

test("a session is refused to anything but the dashboard's page on this machine", async () => {
  const host = `127.0.0.1:${server.port}`;
  const browser = browserSession(host);
  const refusals: [string, Record<string, string>][] = [
    ["no Origin", { host, "sec-fetch-site": "same-origin", "content-length": "0" }],
    ["another site's Origin", { ...browser, origin: "https://evil.example" }],
    ["an opaque Origin", { ...browser, origin: "null" }],
    ["a loopback Origin on another port", { ...browser, origin: `http://127.0.0.1:${server.port + 1}` }],
    ["an https Origin", { ...browser, origin: `https://${host}` }],
    ["a cross-site fetch", { ...browser, "sec-fetch-site": "cross-site" }],
    ["a same-site fetch", { ...browser, "sec-fetch-site": "same-site" }],
    ["a typed-in address", { ...browser, "sec-fetch-site": "none" }],
    ["DNS rebinding", browserSession(`rebind.example:${server.port}`)],
    ["a Host on another port", browserSession(`127.0.0.1:${server.port + 1}`)],
    ["X-Forwarded-For", { ...browser, "x-forwarded-for": "203.0.113.7" }],
    ["X-Forwarded-Host", { ...browser, "x-forwarded-host": "localhost" }],
    ["X-Forwarded-Proto", { ...browser, "x-forwarded-proto": "https" }],
    ["Forwarded", { ...browser, forwarded: "for=203.0.113.7" }],
    ["X-Real-IP", { ...browser, "x-real-ip": "203.0.113.7" }],
    ["Via", { ...browser, via: "1.1 proxy" }],
  ];
  for (const [what, headers] of refusals) {
    const answer = await server.send("POST", "/api/session", headers);
    assert.equal(answer.status, 403, `${what}: ${answer.body}`);
    assert.doesNotMatch(answer.body, /sr_/, what);
  }
});

test("a session is refused over HTTP/1.0, as nginx's default proxy_pass speaks it", async () => {
  const host = `127.0.0.1:${server.port}`;
  const answer = await new Promise<string>((resolve, reject) => {
    let received = "";
    const socket = connect(server.port, "127.0.0.1", () =>
      socket.end(
        `POST /api/session HTTP/1.0\r\nHost: ${host}\r\nConnection: close\r\nOrigin: http://${host}\r\nContent-Length: 0\r\n\r\n`,
      ),
    );
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
    });
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
  assert.match(answer, /^HTTP\/1\.[01] 403 /);
  assert.doesNotMatch(answer, /sr_/);
});

test("behind declared proxies there is no session, whatever the proxy forwards", async () => {
  const proxied = await listen(await buildApp({ store, workspace }, { trustedProxies: ["loopback"] }));
  try {
    const access = await proxied.send("GET", "/api/access");
    assert.equal(JSON.parse(access.body).mode, "token");
    const host = `127.0.0.1:${proxied.port}`;
    for (const headers of [
      browserSession(host),
      { ...browserSession(host), "x-forwarded-host": "localhost", "x-forwarded-for": "127.0.0.1" },
    ]) {
      const answer = await proxied.send("POST", "/api/session", headers);
      assert.equal(answer.status, 403, answer.body);
    }
  } finally {
    await proxied.app.close();
  }
});

test("every report format is served under a strict policy and never sniffed", async () => {
  for (const format of REPORT_FORMATS) {
    const answer = await server.send("GET", `/api/report?format=${format}&from=2026-08-01&to=2026-08-07`, {
      authorization: `Bearer ${token}`,
    });
    assert.equal(answer.status, 200, format);
    assert.equal(answer.headers["x-content-type-options"], "nosniff", format);
    const policy = String(answer.headers["content-security-policy"]);
    assert.match(policy, /default-src 'none'/, format);
    assert.match(policy, /frame-ancestors 'self'/, format);
    assert.doesNotMatch(policy, /script-src/, format);
  }
});

test("the dashboard may frame the report preview, which it fetches with the token as a blob: URL", async () => {
  const page = await server.send("GET", "/reports");
  const policy = String(page.headers["content-security-policy"]);
  assert.match(policy, /frame-src 'self' blob:/);
  assert.match(policy, /script-src 'self';/);
  assert.match(policy, /frame-ancestors 'none'/);
});
