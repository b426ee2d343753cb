import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { importFile } from "../../src/ingest/import-file.js";
import { setWebhookSecret } from "../../src/tracking/webhook-secrets.js";
import { CLI } from "../cli/run-cli.js";
import { CONVERSION_HEADER, COST_HEADER, POST_HEADER } from "../helpers.js";

/**
 * Issue 13, item 2: labels equal to Object.prototype's members (a campaign, a network, a UTM value,
 * an attribution channel, a value-rule outcome, a goal indicator, words in posts and mentions)
 * travel through every read and every report format. The server removes the `__proto__` accessor
 * as it loads (src/harden-process.ts); these tests put it back first, so they prove that the data
 * paths themselves keep hostile keys away from object prototypes.
 */

const accessor = Object.getOwnPropertyDescriptor(Object.prototype, "__proto__");
// Loaded only now (the modules above do not load the server), so that removing the accessor is seen.
const { clickIdOf, createTestLink, SHOPIFY_SECRET, shopifyWebhook, startServer } = await import(
  "../tracking/helpers.js"
);
const removedByServer = !Object.hasOwn(Object.prototype, "__proto__");
// Unless node itself runs with --disable-proto (NODE_OPTIONS), when there is nothing to put back.
if (accessor) Object.defineProperty(Object.prototype, "__proto__", accessor);

const KEYS = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString"];
/** Networks are lower-case ids starting with a letter: `__proto__` cannot be one. */
const NETWORKS = ["constructor", "prototype", "hasownproperty", "tostring", "facebook"];
const PERIOD = "from=2026-03-01&to=2026-03-31";
const READS = [
  `/api/roi?${PERIOD}&by=campaign`,
  `/api/roi?${PERIOD}&by=network`,
  `/api/roi?${PERIOD}&by=post`,
  `/api/funnel?${PERIOD}`,
  `/api/goals?at=2026-03-31`,
  `/api/attribution?${PERIOD}`,
  `/api/insights?${PERIOD}`,
  `/api/insights/best-times?${PERIOD}`,
  `/api/insights/value-estimates?${PERIOD}`,
  `/api/insights/emv?${PERIOD}`,
  `/api/insights/care?${PERIOD}`,
  ...["pdf", "pptx", "xlsx", "csv", "html"].map((format) => `/api/report?${PERIOD}&format=${format}`),
];

/** What a prototype write leaves: Object.prototype's members, and what the caches wrote onto built-in functions. */
function prototypeState(): string {
  const members = Object.getOwnPropertyNames(Object.prototype);
  const functions = [
    Object,
    ...members.map((name) => Object.getOwnPropertyDescriptor(Object.prototype, name)?.value),
  ];
  const inherited: string[] = [];
  for (const key in {}) inherited.push(key);
  return JSON.stringify({
    members,
    inherited,
    functions: functions.filter((f) => typeof f === "function").map((f) => Object.getOwnPropertyNames(f)),
  });
}

const csv = (header: string, rows: string[]) => `${header}\n${rows.join("\n")}\n`;
const FILES: Record<string, string> = {
  posts: csv(
    POST_HEADER,
    KEYS.map(
      (key, i) =>
        `p${i},${NETWORKS[i]},2026-03-0${i + 2}T09:00:00Z,photo,"${key} is great, ${key} hasOwnProperty",${key},1000,800,50,40,5,5,20`,
    ),
  ),
  conversions: csv(
    CONVERSION_HEADER,
    KEYS.flatMap((key, i) => [
      `l${i},2026-03-0${i + 3}T10:00:00Z,lead,,,${NETWORKS[i]},${key},${key},`,
      `s${i},2026-03-1${i}T10:00:00Z,sale,100,EUR,${NETWORKS[i]},${key},${key},`,
      `x${i},2026-03-1${i}T11:00:00Z,${key},,,${NETWORKS[i]},${key},${key},`,
    ]),
  ),
  costs: csv(
    COST_HEADER,
    KEYS.map((key, i) => `2026-03-01,2026-03-31,ads,50,EUR,${NETWORKS[i]},${key},${key},`),
  ),
  touchpoints: csv(
    "customer_id,occurred_at,channel,network,campaign",
    KEYS.flatMap((key, i) => [
      `${key},2026-03-0${i + 1}T10:00:00Z,${key},${NETWORKS[i]},${key}`,
      `${key},2026-03-0${i + 2}T08:00:00Z,${KEYS[(i + 1) % KEYS.length]},,`,
    ]),
  ),
  traffic: csv(
    "date,source,medium,campaign,sessions,users",
    KEYS.map((key, i) => `2026-03-0${i + 2},${key},${key},${key},10,9`),
  ),
  value_rules: csv("outcome,unit_value,currency,valid_from,valid_to", [
    "lead,25,EUR,,",
    ...KEYS.map((key) => `${key},3,EUR,,`),
  ]),
  goals: csv(
    "goal,indicator,target,period_start,period_end,network",
    KEYS.map((key, i) => `${key},${key},10,2026-03-01,2026-03-31,${NETWORKS[i]}`),
  ),
  mentions: csv(
    "mention_id,occurred_at,network,author,text,replied_at,resolved",
    KEYS.map(
      (key, i) => `m${i},2026-03-0${i + 2}T09:00:00Z,${NETWORKS[i]},${key},"${key} is bad, constructor",,`,
    ),
  ),
};

let server: Awaited<ReturnType<typeof startServer>>;
const directory = mkdtempSync(join(tmpdir(), "socialroi-prototype-"));

before(async () => {
  server = await startServer();
  for (const [format, content] of Object.entries(FILES)) {
    const path = join(directory, `${format}.csv`);
    writeFileSync(path, content);
    await importFile(server.store, server.workspace, { path, format });
  }
  // Through the tracking doors too: a link's campaign and UTM values, its click, a sale, a Shopify order.
  await setWebhookSecret(server.store, server.workspace.id, "shopify", SHOPIFY_SECRET);
  await createTestLink(server, {
    url: "https://shop.example/?utm_content=__proto__",
    network: "constructor",
    campaign: "__proto__",
    utm_source: "toString",
    utm_medium: "hasOwnProperty",
    slug: "proto",
  });
  const clickId = clickIdOf(await server.click("proto"));
  const sale = await server.api("/api/track/sale", {
    body: {
      invoice_id: "__proto__",
      click_id: clickId,
      customer_id: "__proto__",
      amount: 10,
      currency: "EUR",
    },
  });
  assert.equal(sale.status, 200, await sale.text());
  const order = await shopifyWebhook(server, "orders/create", {
    id: 9001,
    total_price: "12.00",
    currency: "EUR",
    landing_site: "/?utm_source=constructor&utm_medium=__proto__&utm_campaign=__proto__&utm_content=toString",
    customer: { id: "__proto__" },
  });
  assert.equal(order.status, 200, await order.text());
});
after(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

test("the server removes Object.prototype.__proto__ as it loads, and so does the command line", () => {
  assert.ok(removedByServer, "importing src/server/app.ts deletes the accessor");
  const probe = `data:text/javascript,process.on("exit",()=>console.log("accessor:"+("__proto__" in Object.prototype)))`;
  const run = spawnSync(process.execPath, ["--import", probe, CLI, "--version"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /accessor:false/);
});

test("every read and report format answers 200 over labels named after Object.prototype's members", async (t) => {
  t.diagnostic(accessor ? "run with Object.prototype.__proto__ in place" : "run under node --disable-proto");
  const clean = prototypeState();
  for (const path of READS) {
    const response = await server.api(path);
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(response.status, 200, `${path}: ${body.toString("utf8").slice(0, 300)}`);
    assert.ok(body.length > 0, path);
    assert.equal(prototypeState(), clean, `${path} wrote onto a prototype`);
    const canary = await server.api(`/api/roi?${PERIOD}&by=network`);
    assert.equal(canary.status, 200, `a plain read after ${path}`);
  }
});

test("the hostile labels come out as they went in", async () => {
  const roi = (await (await server.api(`/api/roi?${PERIOD}&by=campaign`)).json()) as {
    rows: { key: string }[];
  };
  for (const key of KEYS)
    assert.ok(
      roi.rows.some((row) => row.key === key),
      `campaign ${key}`,
    );
  const html = await (await server.api(`/api/report?${PERIOD}&format=html`)).text();
  assert.match(html, />Constructor</, "network names are capitalised, not looked up on Object.prototype");
  assert.doesNotMatch(html, /native code|\[object Object\]/);
  const goals = (await (await server.api("/api/goals?at=2026-03-31")).json()) as {
    goals: { indicator: string; actual: unknown }[];
  };
  for (const goal of goals.goals.filter((g) => KEYS.includes(g.indicator)))
    assert.equal(goal.actual, null, `indicator ${goal.indicator} is unknown, not a function`);
});
