import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from "fastify";
import { z } from "zod";
import { ERROR_STATUS, errorBodySchema } from "../../src/api/errors.js";
import { openApiDocument, openApiPath, routeErrors } from "../../src/api/openapi.js";
import { isBinary, ROUTES, type RouteSpec } from "../../src/api/routes.js";
import { createPasswordReset } from "../../src/auth/password-resets.js";
import { createUser } from "../../src/auth/users.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import { DEFAULT_WORKSPACE, type Workspace } from "../../src/domain/workspace.js";
import { saveSmtpSettings } from "../../src/reports/smtp.js";
import { ACCESS } from "../../src/server/access.js";
import { buildApp } from "../../src/server/app.js";
import { enforceContract } from "../../src/server/contract.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { setWebhookSecret } from "../../src/tracking/webhook-secrets.js";
import { COST_HEADER } from "../helpers.js";
import { SHOPIFY_SECRET, STRIPE_SECRET, shopifyHmac, stripeSignature } from "../tracking/helpers.js";

/**
 * Issue 15, item 4: the API is a contract. Every route is in the route table and the OpenAPI
 * document, every answer fits its schema (the server checks it on the way out, and under the test
 * runner a misfit answers 500 with what did not fit), every refusal has one shape.
 */

let store: DuckDbStore;
let workspace: Workspace;
let app: FastifyInstance;
let base: string;
let authorization: string;

before(async () => {
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  store = await DuckDbStore.open(":memory:");
  workspace = await buildDemo(store);
  await setWebhookSecret(store, workspace.id, "stripe", STRIPE_SECRET);
  await setWebhookSecret(store, workspace.id, "shopify", SHOPIFY_SECRET);
  authorization = `Bearer ${await createApiToken(store, workspace.id)}`;
  app = await buildApp({ store, workspace });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await store.close();
});

type Json = Record<string, unknown>;

const keyOf = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** What earlier calls created, for the calls that name it. */
const made: {
  costId?: string;
  goalId?: string;
  linkId?: string;
  slug?: string;
  tokenId?: string;
  memberId?: string;
  liftTestId?: string;
} = {};

const SIGN_IN = { email: "contract@example.com", password: "contract password" };

/** The session cookie and CSRF token of a new sign-in of the user the sign-in call made. */
async function newSession(): Promise<Record<string, string>> {
  const answer = await app.inject({ method: "POST", url: "/api/sign-in", payload: SIGN_IN });
  const id = /sr_session=([^;]+)/.exec(String(answer.headers["set-cookie"]))?.[1];
  return { cookie: `sr_session=${id}`, "x-csrf-token": answer.json<Json>()["csrf_token"] as string };
}

/** A call of an account route: with a session of its own (no token), as signing out ends it. */
const signedIn = (method: "GET" | "POST", url: string): Call => ({
  request: async () => ({ method, url, headers: await newSession() }),
  status: 200,
});

interface Call {
  request: () => InjectOptions | Promise<InjectOptions>;
  status: number;
  /** What the call leaves behind for later ones. */
  keep?: (body: Json) => void;
}

const signedJson = (url: string, payload: unknown, headers: (body: string) => Record<string, string>) => {
  const body = JSON.stringify(payload);
  return {
    method: "POST" as const,
    url,
    payload: body,
    headers: { "content-type": "application/json", ...headers(body) },
  };
};

const PERIOD = "from=2026-08-01&to=2026-10-31";

/** A read answering 200; the URL is built when called, from what earlier calls made. */
const read = (url: () => string, keep?: Call["keep"]): Call => ({
  request: () => ({ url: url() }),
  status: 200,
  ...(keep ? { keep } : {}),
});

/** A JSON write; the URL and body are built when called. */
const write = (
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  url: () => string,
  status: number,
  payload?: () => Json,
  keep?: Call["keep"],
): Call => ({
  request: () => ({ method, url: url(), ...(payload ? { payload: payload() } : {}) }),
  status,
  ...(keep ? { keep } : {}),
});

/**
 * One call per documented route, in an order where each finds what it needs (a cost to edit, a
 * link to draw), with the status it should answer. Each key must be a route of the table, and each
 * route of the table must have its call.
 */
const CALLS: [string, Call][] = [
  ["GET /api/roi", read(() => `/api/roi?${PERIOD}&by=campaign`)],
  ["GET /api/funnel", read(() => `/api/funnel?${PERIOD}`)],
  ["GET /api/goals", read(() => "/api/goals?at=2026-09-30")],
  ["GET /api/metrics", read(() => "/api/metrics")],
  ["GET /api/attribution", read(() => `/api/attribution?${PERIOD}&order=auto`)],
  ["GET /api/mmm", read(() => `/api/mmm?${PERIOD}&plan=true`)],
  ["GET /api/insights", read(() => "/api/insights")],
  ["GET /api/insights/best-times", read(() => "/api/insights/best-times")],
  ["GET /api/insights/value-estimates", read(() => "/api/insights/value-estimates")],
  ["GET /api/insights/emv", read(() => "/api/insights/emv")],
  ["GET /api/insights/care", read(() => "/api/insights/care")],
  ["GET /api/mentions", read(() => `/api/mentions?${PERIOD}&filter=low-confidence&limit=5`)],
  [
    "PUT /api/mentions/:network/:mentionId/sentiment",
    {
      // The demo has no mention of its own: one is imported first, through the API's import door.
      request: async () => {
        const imported = await app.inject({
          method: "POST",
          url: "/api/imports?filename=mentions.csv",
          headers: { authorization, "content-type": "text/csv" },
          payload:
            "mention_id,occurred_at,network,author,text,replied_at\ncontract-m1,2026-09-02T10:00:00Z,facebook,a,Great help,\n",
        });
        assert.equal(imported.statusCode, 200, imported.body);
        return {
          method: "PUT",
          url: "/api/mentions/facebook/contract-m1/sentiment",
          payload: { sentiment: "negative" },
        };
      },
      status: 200,
    },
  ],
  [
    "DELETE /api/mentions/:network/:mentionId/sentiment",
    write("DELETE", () => "/api/mentions/facebook/contract-m1/sentiment", 200),
  ],
  ["GET /sr.js", read(() => "/sr.js")],
  [
    "POST /api/track/lead",
    write(
      "POST",
      () => "/api/track/lead",
      200,
      () => ({ customer_id: "contract-lead" }),
    ),
  ],
  [
    "POST /api/track/sale",
    write(
      "POST",
      () => "/api/track/sale",
      200,
      () => ({
        customer_id: "contract-buyer",
        amount: 12.5,
        currency: workspace.currency,
        invoice_id: "inv-contract",
      }),
    ),
  ],
  ["GET /api/conversions/held", read(() => "/api/conversions/held")],
  [
    "POST /api/links",
    write(
      "POST",
      () => "/api/links",
      201,
      () => ({ url: "https://shop.example/contract", network: "linkedin", campaign: "contract" }),
      (body) => {
        made.linkId = String(body["id"]);
        made.slug = String(body["slug"]);
      },
    ),
  ],
  ["GET /api/links", read(() => "/api/links?archived=true")],
  [
    "PATCH /api/links/:id",
    write(
      "PATCH",
      () => `/api/links/${made.linkId}`,
      200,
      () => ({ campaign: "contract-2" }),
    ),
  ],
  ["GET /api/links/:id/qr.svg", read(() => `/api/links/${made.linkId}/qr.svg`)],
  ["GET /api/links/:id/qr.png", read(() => `/api/links/${made.linkId}/qr.png`)],
  ["DELETE /api/links/:id", write("DELETE", () => `/api/links/${made.linkId}`, 200)],
  ["GET /api/link-domains", read(() => "/api/link-domains")],
  [
    "POST /api/link-domains",
    write(
      "POST",
      () => "/api/link-domains",
      200,
      () => ({ domain: "links.contract.example" }),
    ),
  ],
  [
    "DELETE /api/link-domains/:domain",
    write("DELETE", () => "/api/link-domains/links.contract.example", 200),
  ],
  [
    "POST /api/webhooks/stripe",
    {
      request: () =>
        signedJson(
          "/api/webhooks/stripe",
          {
            id: "evt_contract",
            type: "checkout.session.completed",
            data: {
              object: { id: "cs_contract", amount_total: 4900, currency: "eur", customer: "cus_contract" },
            },
          },
          (body) => ({ "stripe-signature": stripeSignature(body) }),
        ),
      status: 200,
    },
  ],
  [
    "POST /api/webhooks/shopify",
    {
      request: () =>
        signedJson("/api/webhooks/shopify", { id: 1 }, (body) => ({
          "x-shopify-topic": "app/uninstalled",
          "x-shopify-hmac-sha256": shopifyHmac(body),
        })),
      status: 200,
    },
  ],
  ["GET /api/report", read(() => `/api/report?${PERIOD}&format=csv`)],
  ["GET /api/access", read(() => "/api/access")],
  [
    "POST /api/session",
    {
      request: () => {
        const host = new URL(base).host;
        return { method: "POST", url: "/api/session", headers: { host, origin: `http://${host}` } };
      },
      status: 200,
    },
  ],
  [
    "POST /api/sign-in",
    {
      // The user is made only now: until someone has an account, the dashboard gets its session above.
      request: async () => {
        await createUser(store, SIGN_IN);
        return { method: "POST", url: "/api/sign-in", payload: SIGN_IN };
      },
      status: 200,
    },
  ],
  [
    "POST /api/password-reset",
    {
      // The e-mail goes out after the answer; that no SMTP server listens there fails only it.
      request: async () => {
        await saveSmtpSettings(store, workspace.id, {
          host: "127.0.0.1",
          port: 9,
          from: "socialroi@example.com",
        });
        return { method: "POST", url: "/api/password-reset", payload: { email: SIGN_IN.email } };
      },
      status: 202,
    },
  ],
  [
    "POST /api/password-reset/confirm",
    {
      // Another user's password: the signed-in calls below keep the contract user's.
      request: async () => {
        const user = await createUser(store, { email: "reset@example.com", password: "before the reset" });
        const token = await createPasswordReset(store, user!.user_id);
        return {
          method: "POST",
          url: "/api/password-reset/confirm",
          payload: { token, password: "after the reset" },
        };
      },
      status: 200,
    },
  ],
  ["GET /api/me", signedIn("GET", "/api/me")],
  ["POST /api/sign-out", signedIn("POST", "/api/sign-out")],
  ["POST /api/sign-out-everywhere", signedIn("POST", "/api/sign-out-everywhere")],
  [
    "PUT /api/me/workspace",
    {
      request: async () => ({
        method: "PUT",
        url: "/api/me/workspace",
        headers: await newSession(),
        payload: { workspace: workspace.id },
      }),
      status: 200,
    },
  ],
  ["GET /api/portfolio", signedIn("GET", `/api/portfolio?${PERIOD}`)],
  ["GET /api/branding", read(() => "/api/branding")],
  [
    "POST /api/tokens",
    write(
      "POST",
      () => "/api/tokens",
      201,
      () => ({ label: "contract", scopes: ["read", "track"], expires_at: "2100-01-01T00:00:00Z" }),
    ),
  ],
  [
    "GET /api/tokens",
    read(
      () => "/api/tokens",
      (body) => {
        // Newest first: the token just made, not the one these calls are sent with.
        made.tokenId = (body["tokens"] as { token_id: string }[])[0]?.token_id;
      },
    ),
  ],
  ["DELETE /api/tokens/:id", write("DELETE", () => `/api/tokens/${made.tokenId}`, 200)],
  ["GET /api/costs", read(() => "/api/costs")],
  ["GET /api/costs/by-category", read(() => `/api/costs/by-category?${PERIOD}`)],
  [
    "POST /api/costs",
    write(
      "POST",
      () => "/api/costs",
      201,
      () => ({
        date: "2026-09-01",
        category: "tools",
        amount: 30,
        currency: workspace.currency,
        network: "",
      }),
      (body) => {
        made.costId = String(body["cost_id"]);
      },
    ),
  ],
  [
    "PUT /api/costs/:id",
    write(
      "PUT",
      () => `/api/costs/${made.costId}`,
      200,
      () => ({
        date: "2026-09-01",
        end_date: "2026-09-30",
        category: "tools",
        amount: 31,
        currency: workspace.currency,
      }),
    ),
  ],
  ["DELETE /api/costs/:id", write("DELETE", () => `/api/costs/${made.costId}`, 200)],
  ["GET /api/value-rules", read(() => `/api/value-rules?${PERIOD}`)],
  [
    "POST /api/value-rules",
    write(
      "POST",
      () => "/api/value-rules",
      201,
      () => ({
        outcome: "contract_signup",
        unit_value: 4,
        currency: workspace.currency,
        valid_from: "2026-01-01",
      }),
    ),
  ],
  ["GET /api/goal-catalogue", read(() => "/api/goal-catalogue")],
  [
    "POST /api/goals",
    write(
      "POST",
      () => "/api/goals",
      201,
      () => ({
        goal: "lead_generation",
        indicator: "leads",
        target: 50,
        period_start: "2026-09-01",
        period_end: "2026-09-30",
      }),
      (body) => {
        made.goalId = String(body["goal_id"]);
      },
    ),
  ],
  ["DELETE /api/goals/:id", write("DELETE", () => `/api/goals/${made.goalId}`, 200)],
  [
    "POST /api/mmm/lift-tests",
    write(
      "POST",
      () => "/api/mmm/lift-tests",
      201,
      () => ({
        channel: "facebook",
        start: "2025-09-01",
        end: "2025-09-28",
        incremental: 900,
        low: 600,
        high: 1200,
      }),
      (body) => {
        made.liftTestId = String(body["lift_test_id"]);
      },
    ),
  ],
  ["GET /api/mmm/lift-tests", read(() => "/api/mmm/lift-tests")],
  ["DELETE /api/mmm/lift-tests/:id", write("DELETE", () => `/api/mmm/lift-tests/${made.liftTestId}`, 200)],
  ["GET /api/workspace", read(() => "/api/workspace")],
  [
    "PATCH /api/workspace",
    write(
      "PATCH",
      () => "/api/workspace",
      200,
      () => ({ name: workspace.name }),
    ),
  ],
  ["GET /api/imports", read(() => "/api/imports")],
  [
    "POST /api/imports",
    {
      request: () => ({
        method: "POST",
        url: "/api/imports?filename=costs.csv",
        headers: { "content-type": "text/csv" },
        payload: `${COST_HEADER}\n2026-09-02,,content,80,${workspace.currency},,,contract,\n`,
      }),
      status: 200,
    },
  ],
  ["GET /api/posts", read(() => `/api/posts?${PERIOD}&sort=engagement_rate&limit=5`)],
  ["GET /api/openapi.json", read(() => "/api/openapi.json")],
  ["GET /*", read(() => "/overview")],
  ["GET /api/members", read(() => "/api/members")],
  [
    "PUT /api/members",
    write(
      "PUT",
      () => "/api/members",
      200,
      () => ({ email: SIGN_IN.email, role: "viewer" }),
      (body) => {
        made.memberId = body["user_id"] as string;
      },
    ),
  ],
  ["DELETE /api/members/:id", write("DELETE", () => `/api/members/${made.memberId}`, 200)],
  ["GET /api/audit", read(() => "/api/audit")],
  ["GET /api/audit.csv", read(() => "/api/audit.csv")],
  ["GET /api/workspace/export", read(() => "/api/workspace/export")],
  [
    "DELETE /api/workspace",
    {
      // Only an owner, signed in, deletes a workspace (never a token): the instance's owner, another one.
      request: async () => {
        const doomed = await createWorkspace(store, { ...DEFAULT_WORKSPACE, name: "Contract deletion" });
        return {
          method: "DELETE",
          url: `/api/workspace?workspace=${doomed.id}`,
          headers: await newSession(),
          payload: { confirm: doomed.name },
        };
      },
      status: 200,
    },
  ],
];

function schemaOf(route: RouteSpec, status: number): z.ZodType | undefined {
  const answer = status >= 400 ? errorBodySchema : route.responses[status];
  return answer === undefined || isBinary(answer) ? undefined : answer;
}

test("every documented route is called once, and only documented routes", () => {
  const documented = ROUTES.filter((route) => !route.raw)
    .map(keyOf)
    .sort();
  assert.deepEqual(CALLS.map(([key]) => key).sort(), documented);
});

test("every documented route answers, with the demo loaded, what its schema says", async () => {
  const routes = new Map(ROUTES.map((route) => [keyOf(route), route]));
  for (const [key, call] of CALLS) {
    const route = routes.get(key)!;
    const request = await call.request();
    const answer: LightMyRequestResponse = await app.inject({
      ...request,
      headers: {
        ...(route.access === "account" || route.access === "own" ? {} : { authorization }),
        ...request.headers,
      },
    });
    assert.equal(answer.statusCode, call.status, `${key}: ${answer.body.slice(0, 500)}`);
    const documented = route.responses[answer.statusCode];
    assert.ok(documented, `${key} answered an undocumented ${answer.statusCode}`);
    const schema = schemaOf(route, answer.statusCode);
    if (schema) {
      const body = answer.json<Json>();
      const checked = schema.safeParse(body);
      assert.ok(checked.success, `${key}: ${checked.error?.message}`);
      call.keep?.(body);
    } else if (isBinary(documented)) {
      const type = String(answer.headers["content-type"]);
      assert.ok(
        documented.contentTypes.some((expected) => type.startsWith(expected.split(";")[0]!)),
        `${key} answered ${type}`,
      );
    }
  }
});

test("the tracked redirect, answered ahead of Fastify, is documented too", async () => {
  const redirect = ROUTES.find((route) => route.raw)!;
  assert.equal(redirect.path, "/l/:slug");
  const [link] = await store.all<{ slug: string }>(
    "SELECT slug FROM links WHERE workspace_id = $ws AND archived_at IS NULL LIMIT 1",
    { ws: workspace.id },
  );
  const found = await fetch(`${base}/l/${link!.slug}`, { redirect: "manual" });
  assert.ok(redirect.responses[found.status], `answered ${found.status}`);
  const missing = await fetch(`${base}/l/no-such-contract-link`, { redirect: "manual" });
  assert.ok(redirect.responses[missing.status], `answered ${missing.status}`);
});

/** A file the import refuses: its one row has no date. */
const badUpload = (): InjectOptions => ({
  method: "POST",
  url: "/api/imports?filename=costs.csv",
  headers: { authorization, "content-type": "text/csv" },
  payload: `${COST_HEADER}\nyesterday,,ads,5,EUR,,,,\n`,
});

test("every refusal has one shape, its code giving its status", async () => {
  const refusals: [InjectOptions, number][] = [
    [{ url: "/api/roi?by=planet", headers: { authorization } }, 400],
    [{ url: "/api/roi" }, 401],
    [{ method: "DELETE", url: "/api/costs/nothing", headers: { authorization } }, 404],
    [{ method: "POST", url: "/api/nothing", headers: { authorization } }, 404],
    [
      {
        method: "POST",
        url: "/api/links",
        headers: { authorization },
        payload: { url: "https://shop.example", slug: made.slug ?? "taken" },
      },
      409,
    ],
    [badUpload(), 400],
    [{ method: "POST", url: "/api/session" }, 403],
    [
      {
        method: "POST",
        url: "/api/track/sale",
        headers: { authorization },
        payload: { customer_id: "c", amount: 1, currency: "JPY", invoice_id: "inv-jpy" },
      },
      422,
    ],
  ];
  for (const [request, status] of refusals) {
    const answer = await app.inject(request);
    assert.equal(answer.statusCode, status, `${request.url}: ${answer.body}`);
    const { error } = errorBodySchema.parse(answer.json());
    assert.equal(ERROR_STATUS[error.code], status, `${request.url}: ${error.code}`);
  }
  const upload = errorBodySchema.parse((await app.inject(badUpload())).json());
  assert.equal(upload.error.details?.file, "costs.csv");
  assert.equal(upload.error.details?.total_problems, 1);
  assert.equal(upload.error.details?.problems?.[0]?.column, "date");
});

test("the OpenAPI document is served without a token, and covers every route with valid references", async () => {
  const answer = await app.inject({ url: "/api/openapi.json" });
  assert.equal(answer.statusCode, 200);
  const document = answer.json<Json & { paths: Record<string, Record<string, Json>> }>();
  assert.deepEqual(
    document,
    JSON.parse(JSON.stringify(openApiDocument(String((document["info"] as Json)["version"])))),
  );
  assert.equal(document["openapi"], "3.1.0");
  const operationIds = new Set<string>();
  for (const route of ROUTES) {
    const path = openApiPath(route.path);
    const operation = document.paths[path]?.[route.method.toLowerCase()] as
      | {
          operationId: string;
          parameters?: { name: string; in: string; required: boolean }[];
          responses: Json;
        }
      | undefined;
    assert.ok(operation, `${keyOf(route)} is in the document`);
    assert.ok(!operationIds.has(operation.operationId), `${operation.operationId} is unique`);
    operationIds.add(operation.operationId);
    // Path templating: each {name} is a required path parameter, and no other is declared.
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    const declared = (operation.parameters ?? []).filter((p) => p.in === "path");
    assert.deepEqual(declared.map((p) => p.name).sort(), templated, keyOf(route));
    assert.ok(
      declared.every((p) => p.required),
      keyOf(route),
    );
    for (const status of [
      ...Object.keys(route.responses),
      ...routeErrors(route).map((c) => String(ERROR_STATUS[c])),
    ])
      assert.ok(operation.responses[status], `${keyOf(route)} documents ${status}`);
    for (const [status, response] of Object.entries(operation.responses)) {
      assert.match(status, /^[1-5]\d\d$/);
      assert.equal(typeof (response as Json)["description"], "string", `${keyOf(route)} ${status}`);
    }
  }
  const pathCount = Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
  assert.equal(pathCount, ROUTES.length, "no operation beyond the route table");
  // Every $ref points at something in the document.
  for (const [, ref] of JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)) {
    const target = ref!
      .split("/")
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
    assert.ok(target, `#/${ref} resolves`);
  }
});

test("the OpenAPI document validates against the OpenAPI 3.1 schema, references resolved", async () => {
  const document = (await app.inject({ url: "/api/openapi.json" })).json<Record<string, unknown>>();
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.deepEqual(result.errors ?? [], [], "no schema error");
  assert.equal(result.valid, true);
  assert.equal(validator.version, "3.1");
});

test("a route missing from the table, or declared with another access, stops the server from starting", () => {
  const documented: RouteSpec[] = [
    {
      method: "GET",
      path: "/api/known",
      access: "read",
      tag: "t",
      summary: "s",
      responses: { 200: z.object({}) },
    },
  ];
  const app = Fastify();
  enforceContract(app, "throw", documented);
  assert.throws(() => app.get("/api/unknown", ACCESS.read, async () => ({})), /not in the API's route table/);
  assert.throws(
    () => app.get("/api/known", ACCESS.public, async () => ({})),
    /declared public but documented read/,
  );
});

test("an answer out of its schema is a 500: plain in production, saying what did not fit under test", async () => {
  const documented: RouteSpec[] = [
    {
      method: "GET",
      path: "/api/count",
      access: "public",
      tag: "t",
      summary: "s",
      responses: { 200: z.object({ count: z.number() }) },
    },
  ];
  for (const mode of ["log", "throw"] as const) {
    const app = Fastify();
    enforceContract(app, mode, documented);
    app.get("/api/count", ACCESS.public, async () => ({ count: "three" }));
    const answer = await app.inject({ url: "/api/count" });
    assert.equal(answer.statusCode, 500);
    const { error } = errorBodySchema.parse(answer.json());
    assert.equal(error.code, "internal");
    if (mode === "log") assert.equal(error.message, "Internal error");
    else assert.match(error.message, /GET \/api\/count answered 200 out of its schema: count: /);
    await app.close();
  }
});
