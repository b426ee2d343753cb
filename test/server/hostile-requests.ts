import assert from "node:assert/strict";
import { Agent, request as httpRequest } from "node:http";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { CONVERSION_HEADER, COST_HEADER } from "../helpers.js";
import {
  createTestLink,
  shopifyHmac,
  startServer,
  stripeSignature,
  type TestServer,
} from "../tracking/helpers.js";

/**
 * Issue 13's property: whatever one request carries (encodings, prototype keys, NUL, huge numbers,
 * extreme dates, wrong types), it gets an answer below 500 and leaves the server as it was: a
 * canary read of the ROI answers 200 with the same figures, unless the request was accepted (2xx)
 * and so may rightly have changed them.
 */

const RUNS = Number(process.env["SOCIALROI_HOSTILE_RUNS"] ?? 1000);
/** Fixed unless told otherwise, so that CI replays the very requests a developer's run passed. */
const SEED = Number(process.env["SOCIALROI_HOSTILE_SEED"] ?? 20261205);
const CANARY = "/api/roi?from=2026-03-01&to=2026-03-31&by=network";

let server: TestServer;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  body: string;
}

/** node:http rather than fetch: fetch normalises paths (`..`, `%2e`), and those are among the attacks. */
function send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer) {
  return new Promise<Answer>((resolve, reject) => {
    // Past node's header limit the server answers 431 and drops the connection: not one to reuse.
    const oversized = path.length > 8 * 1024;
    const options = { host: "127.0.0.1", port, method, path, headers, agent: oversized ? false : agent };
    const request = httpRequest(options, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      // Or closes before the request is even written.
      if (error.code === "ECONNRESET" && oversized) resolve({ status: 431, body: "" });
      else reject(error);
    });
    request.end(body);
  });
}

const authorized = () => ({ authorization: `Bearer ${server.token}` });

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

const hostileText = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    "\u0000",
    "a\u0000b",
    "x'); DROP TABLE costs; --",
    "$ws",
    "%00",
    "%2e%2e%2f",
    "../../etc/passwd",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "1969-12-31",
    "2101-01-01",
    "2026-03-15T25:61:00Z",
    "1e308",
    "NaN",
    "Infinity",
    "",
    " ",
    "EUR",
    "XXX",
    "eur",
    "€",
    "<script>alert(1)</script>",
    "\uFEFF",
    "\uD800",
    "🎉".repeat(600),
    "a".repeat(70_000),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);

const hostileNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, -0, 5e-324, 0, -1, 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** JSON text JSON.stringify cannot write: numbers beyond doubles, which parsers turn into Infinity. */
const RAW_TOKENS = ["1e400", "-1e400", "123456789012345678901234567890", "1e-400", '"\\u0000"', '"\\ud800"'];
const rawToken = fc.constantFrom(...RAW_TOKENS).map((token) => ({ raw: token }));

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: rawToken },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant({ __proto__: { polluted: true } }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS), hostileText, { maxKeys: 2 }) },
);

function json(value: unknown): string {
  if (value && typeof value === "object" && "raw" in value && Object.keys(value).length === 1)
    return String((value as { raw: string }).raw);
  if (Array.isArray(value)) return `[${value.map(json).join(",")}]`;
  if (value && typeof value === "object") {
    // Own keys written by hand, so a `__proto__` key reaches the server as a key, not as a prototype.
    const entries = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}:${json(v)}`);
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
      entries.push(`"__proto__":${json({ ...Object.getPrototypeOf(value) })}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A valid body with some fields replaced by hostile values and hostile keys added. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<string> {
  const fields = Object.keys(base);
  return fc
    .record({
      replaced: fc.dictionary(fc.constantFrom(...fields), hostileValue, { maxKeys: 3 }),
      added: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS, "extra"), hostileValue, { maxKeys: 2 }),
      shape: fc.constantFrom("object", "object", "object", "array", "scalar", "broken"),
    })
    .map(({ replaced, added, shape }) => {
      const body = `{${[
        ...Object.entries({ ...base, ...replaced }).map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`),
        ...Object.entries(added).map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`),
      ].join(",")}}`;
      if (shape === "array") return `[${body}]`;
      if (shape === "scalar") return json(replaced[fields[0]!] ?? null);
      if (shape === "broken") return body.slice(0, Math.max(1, body.length - 3));
      return body;
    });
}

/** Every byte of the UTF-8 text encoded: encodeURIComponent throws on a lone surrogate. */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
}

/** Path segments as an attacker writes them: encoded, double-encoded, traversal, NUL. */
const hostileSegment = fc.oneof(
  hostileText.map(percentEncoded),
  fc.constantFrom("%", "%zz", "%00", "%2F", "%252F", "..", "%2e%2e", "a/b", "cst_0", ";x=1", "?", "#"),
);

/** A query string with the route's parameters set to hostile values, and parameters it does not know. */
function hostileQuery(names: string[]): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...names, ...PROTOTYPE_KEYS), hostileText),
        fc.oneof(hostileText, hostileNumber.map(String)),
      ),
      { maxLength: 4 },
    )
    .map((pairs) =>
      pairs.map(([name, value]) => `${percentEncoded(name)}=${percentEncoded(value)}`).join("&"),
    );
}

const PERIOD = ["from", "to", "by", "model", "network", "campaign", "lang", "format", "allocation"];

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const jsonHeaders = () => ({ ...authorized(), "content-type": "application/json" });

/** Every management and tracking route, each with the requests an attacker would try on it. */
const ROUTES: { name: string; requests: () => fc.Arbitrary<HostileRequest> }[] = [
  ...["/api/tokens", "/api/links", "/api/imports", "/api/costs", "/api/costs/by-category", "/api/posts"].map(
    (path) => ({
      name: `GET ${path}`,
      requests: () =>
        hostileQuery([...PERIOD, "archived", "sort", "order", "limit"]).map((query) => ({
          method: "GET",
          path: `${path}?${query}`,
          headers: authorized(),
        })),
    }),
  ),
  {
    name: "GET /api/value-rules",
    requests: () =>
      hostileQuery(PERIOD).map((query) => ({
        method: "GET",
        path: `/api/value-rules?${query}`,
        headers: authorized(),
      })),
  },
  { name: "POST /api/tokens", requests: () => bodies("POST", "/api/tokens", { label: "ci" }) },
  ...["/api/tokens", "/api/goals", "/api/costs", "/api/links"].map((path) => ({
    name: `DELETE ${path}/:id`,
    requests: () =>
      hostileSegment.map((id) => ({ method: "DELETE", path: `${path}/${id}`, headers: authorized() })),
  })),
  {
    name: "GET /api/links/:id/qr",
    requests: () =>
      fc
        .tuple(hostileSegment, fc.constantFrom("svg", "png"), hostileQuery(["size", "margin"]))
        .map(([id, format, query]) => ({
          method: "GET",
          path: `/api/links/${id}/qr.${format}?${query}`,
          headers: authorized(),
        })),
  },
  {
    name: "POST /api/costs",
    requests: () =>
      bodies("POST", "/api/costs", {
        date: "2026-03-02",
        end_date: "2026-03-05",
        category: "ads",
        amount: 120,
        currency: "EUR",
        network: "x",
        campaign: "spring",
        description: "boost",
        recurrence: null,
      }),
  },
  {
    name: "PUT /api/costs/:id",
    requests: () =>
      fc
        .tuple(
          hostileSegment,
          mutated({ date: "2026-03-02", category: "tools", amount: 30, currency: "EUR", network: "x" }),
        )
        .map(([id, body]) => ({ method: "PUT", path: `/api/costs/${id}`, headers: jsonHeaders(), body })),
  },
  {
    name: "POST /api/value-rules",
    requests: () =>
      bodies("POST", "/api/value-rules", {
        outcome: "lead",
        unit_value: 12,
        probability: null,
        price: null,
        currency: "EUR",
        network: "x",
        valid_from: "2026-03-01",
        retroactive: false,
      }),
  },
  {
    name: "POST /api/goals",
    requests: () =>
      bodies("POST", "/api/goals", {
        goal: "revenue",
        indicator: "revenue",
        target: 1000,
        period_start: "2026-03-01",
        period_end: "2026-03-31",
        network: "x",
      }),
  },
  {
    name: "POST /api/links",
    requests: () =>
      bodies("POST", "/api/links", {
        url: "https://shop.example/p",
        network: "x",
        campaign: "spring",
        post_id: "p1",
        paid: false,
        utm_source: "x",
        utm_medium: "social",
      }),
  },
  {
    name: "PATCH /api/links/:id",
    requests: () =>
      fc
        .tuple(
          fc.oneof(hostileSegment, fc.constant("__LINK__")),
          mutated({ url: "https://shop.example/q", campaign: "summer", utm_medium: "social" }),
        )
        .map(([id, body]) => ({ method: "PATCH", path: `/api/links/${id}`, headers: jsonHeaders(), body })),
  },
  {
    name: "PATCH /api/workspace",
    requests: () =>
      bodies("PATCH", "/api/workspace", {
        name: "Acme",
        currency: "EUR",
        timezone: "UTC",
        locale: "en",
        allocation_rule: "posts",
        engagement_denominator: "impressions",
      }),
  },
  {
    name: "POST /api/imports",
    requests: () =>
      fc
        .record({
          filename: fc.oneof(hostileText, fc.constantFrom("costs.csv", "book.xlsx", "x.xls", "a.jsonl")),
          header: fc.constantFrom(COST_HEADER, CONVERSION_HEADER, "", "__proto__,constructor"),
          cells: fc.array(fc.array(fc.oneof(hostileText, hostileNumber.map(String)), { maxLength: 10 }), {
            maxLength: 4,
          }),
        })
        .map(({ filename, header, cells }) => ({
          method: "POST",
          path: `/api/imports?filename=${percentEncoded(filename)}`,
          headers: { ...authorized(), "content-type": "application/octet-stream" },
          body: [header, ...cells.map((row) => row.map((c) => JSON.stringify(c)).join(","))].join("\n"),
        })),
  },
  {
    name: "POST /api/track/lead",
    requests: () =>
      bodies("POST", "/api/track/lead", { customer_id: "c1", event_name: "signup", event_id: "e1" }),
  },
  {
    name: "POST /api/track/sale",
    requests: () =>
      bodies("POST", "/api/track/sale", {
        customer_id: "c1",
        amount: 49.9,
        currency: "EUR",
        invoice_id: "inv",
      }),
  },
  {
    name: "POST /api/webhooks/stripe",
    requests: () =>
      fc
        .tuple(
          fc.oneof(
            mutated({
              id: "evt_1",
              type: "checkout.session.completed",
              data: { object: { id: "cs_1", amount_total: 4900, currency: "eur", payment_intent: "pi_1" } },
            }),
            stripeObject("checkout.session.completed", {
              id: "cs_1",
              client_reference_id: "ck",
              amount_total: 4900,
              currency: "eur",
              customer: "cus_1",
              payment_intent: "pi_1",
              created: 1_772_400_000,
            }),
            stripeObject("charge.refunded", {
              id: "ch_1",
              amount_refunded: 900,
              currency: "eur",
              payment_intent: "pi_1",
            }),
          ),
          fc.boolean(),
        )
        .map(([body, signed]) => ({
          method: "POST",
          path: "/api/webhooks/stripe",
          headers: {
            "content-type": "application/json",
            "stripe-signature": signed ? stripeSignature(body) : "t=1,v1=00",
          },
          body,
        })),
  },
  {
    name: "POST /api/webhooks/shopify",
    requests: () =>
      fc
        .tuple(
          fc.oneof(
            mutated({
              id: 1017,
              total_price: "49.90",
              currency: "EUR",
              created_at: "2026-03-10T10:00:00Z",
              landing_site: "/?utm_source=instagram&utm_campaign=spring",
              customer: { id: 7 },
            }),
            mutated({
              id: 55,
              order_id: 1017,
              created_at: "2026-03-12T10:00:00Z",
              transactions: [{ amount: "10.00", kind: "refund", status: "success", currency: "EUR" }],
            }),
          ),
          fc.constantFrom("orders/create", "orders/paid", "refunds/create", "__proto__"),
        )
        .map(([body, topic]) => ({
          method: "POST",
          path: "/api/webhooks/shopify",
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": topic,
            "x-shopify-hmac-sha256": shopifyHmac(body),
          },
          body,
        })),
  },
  {
    name: "GET /l/:slug",
    requests: () =>
      fc
        .tuple(fc.oneof(hostileSegment, fc.constant("spring")), hostileQuery(["utm_source", "sr_id"]))
        .map(([slug, query]) => ({
          method: "GET",
          path: `/l/${slug}?${query}`,
          headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0 Safari/537.36" },
        })),
  },
];

function bodies(method: string, path: string, base: Record<string, unknown>): fc.Arbitrary<HostileRequest> {
  return mutated(base).map((body) => ({ method, path, headers: jsonHeaders(), body }));
}

/** A Stripe event whose object (not the envelope) carries the hostile fields. */
function stripeObject(type: string, object: Record<string, unknown>): fc.Arbitrary<string> {
  return mutated(object).map(
    (body) => `{"id":"evt_p","type":${JSON.stringify(type)},"data":{"object":${body}}}`,
  );
}

let linkId: string;

/** Failures quote what was sent, cut short: some of it is 70,000 characters long. */
const short = (text: string) =>
  text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

/**
 * Registers the property for one share of the routes (every `shares`-th from `share`): the test
 * files that call it run side by side, one per core, each with a server of its own.
 */
export function testHostileRequests(share: number, shares: number): void {
  before(async () => {
    server = await startServer({ webhookSecrets: true });
    port = Number(new URL(server.url).port);
    linkId = (
      await createTestLink(server, {
        url: "https://shop.example",
        network: "x",
        campaign: "spring",
        slug: "spring",
      })
    ).id;
    const costs = [
      COST_HEADER,
      "2026-03-01,2026-03-31,ads,300,EUR,x,spring,boost,",
      "2026-03-01,,tools,50,EUR,,,,",
    ];
    const sales = [
      CONVERSION_HEADER,
      "s1,2026-03-10T10:00:00Z,sale,500,EUR,x,spring,c1,",
      "l1,2026-03-09T10:00:00Z,lead,,,x,spring,c1,",
    ];
    for (const [name, lines] of [
      ["costs.csv", costs],
      ["conversions.csv", sales],
    ] as const) {
      const answer = await send(
        "POST",
        `/api/imports?filename=${name}`,
        { ...authorized(), "content-type": "text/csv" },
        lines.join("\n"),
      );
      assert.equal(answer.status, 200, answer.body);
    }
  });

  after(async () => {
    agent.destroy();
    await server.close();
  });

  for (const route of ROUTES.filter((_, index) => index % shares === share)) {
    test(`property: ${RUNS} hostile requests to ${route.name} never answer 500 nor change what the ROI reads`, async () => {
      const prototypeBefore = prototypeNames();
      let canary = await send("GET", CANARY, authorized());
      assert.equal(canary.status, 200, canary.body);
      const statuses = new Map<number, number>();
      const result = await fc.check(
        fc.asyncProperty(route.requests(), async (hostile) => {
          const path = hostile.path.replace("__LINK__", linkId);
          const answer = await send(hostile.method, path, hostile.headers, hostile.body);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          assert.ok(
            answer.status > 0 && answer.status < 500,
            `answered ${answer.status}: ${short(answer.body)}`,
          );
          assert.equal(prototypeNames(), prototypeBefore, "Object.prototype changed");
          assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
          const after = await send("GET", CANARY, authorized());
          assert.equal(after.status, 200, `the canary read failed after it: ${short(after.body)}`);
          // A refused request changes nothing; an accepted one may change the figures, never break them.
          if (answer.status >= 300)
            assert.equal(after.body, canary.body, "a refused request changed the ROI");
          canary = after;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      if (result.failed) {
        const [hostile] = result.counterexample ?? [];
        const error =
          result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance;
        assert.fail(
          `${hostile?.method} ${short(hostile?.path ?? "")} ${short(hostile?.body ?? "")}\n→ ${short(String(error))}`,
        );
      }
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      console.log(`# ${route.name} (seed ${SEED}): ${summary.join(" ")}`);
    });
  }
}
