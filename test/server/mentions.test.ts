import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { AuditEntry } from "../../src/api/audit.js";
import type { ErrorBody } from "../../src/api/errors.js";
import type { CustomerCare } from "../../src/api/insights.js";
import type { MentionList, ScoredMention, SentimentClass } from "../../src/api/mentions.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { importMentions } from "../insights/mention-files.js";
import { callApi, signedIn } from "./signed-in.js";

/**
 * Mentions and their sentiment over HTTP: listed with the model's verdict, filtered, corrected by an
 * editor (and the customer-care counts follow), undone; a viewer, bad input and another
 * workspace's mention are refused.
 */

const PERIOD = "from=2026-03-01&to=2026-03-31";
const MENTIONS = [
  "m1,2026-03-02T10:00:00Z,facebook,a,I love this great product,2026-03-02T10:30:00Z,1,en",
  "m2,2026-03-03T10:00:00Z,facebook,b,hmm,,,en",
  "m3,2026-03-04T10:00:00Z,instagram,c,Service nul,,,fr",
];
const PASSWORD = "a long enough password";

let store: DuckDbStore;
let app: FastifyInstance;
let base: string;
let shop: Workspace;
let other: Workspace;
let editor: Record<string, string>;
let viewer: Record<string, string>;
let owner: Record<string, string>;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
  shop = await createWorkspace(store, { name: "Shop", ...settings });
  other = await createWorkspace(store, { name: "Other", ...settings });
  await importMentions(store, shop, MENTIONS);
  await importMentions(store, other, ["b1,2026-03-05T10:00:00Z,facebook,z,Bad,,,en"]);
  // The first user owns the instance: the members come after.
  await createUser(store, { email: "owner@shop.example", password: PASSWORD });
  for (const role of ["editor", "viewer"] as const) {
    const user = await createUser(store, { email: `${role}@shop.example`, password: PASSWORD });
    await addMember(store, shop.id, user!.user_id, role);
  }
  app = await buildApp({ store, workspace: shop });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  editor = await signedIn(base, "editor@shop.example", PASSWORD);
  viewer = await signedIn(base, "viewer@shop.example", PASSWORD);
  owner = await signedIn(base, "owner@shop.example", PASSWORD);
});

after(async () => {
  await app.close();
  await store.close();
});

const inShop = (path: string) => `${path}${path.includes("?") ? "&" : "?"}workspace=${shop.id}`;

async function list(query: string): Promise<MentionList> {
  const { status, json, text } = await callApi(
    base,
    viewer,
    "GET",
    inShop(`/api/mentions?${PERIOD}&${query}`),
  );
  assert.equal(status, 200, text);
  return json as MentionList;
}

async function care(): Promise<CustomerCare> {
  const { status, json, text } = await callApi(base, viewer, "GET", inShop(`/api/insights/care?${PERIOD}`));
  assert.equal(status, 200, text);
  return json as CustomerCare;
}

function correct(headers: Record<string, string>, path: string, body: unknown) {
  return callApi(base, headers, "PUT", inShop(`/api/mentions/${path}/sentiment`), body);
}

test("mentions are listed with their verdict, corrected (the counts follow), filtered and undone", async () => {
  const all = await list("filter=all&limit=2");
  assert.deepEqual(
    [all.total, all.corrected, all.low_confidence_below, all.mentions.map((m) => m.mention_id)],
    [3, 0, 0.6, ["m3", "m2"]],
  );
  const next = await list("filter=all&limit=2&offset=2");
  assert.deepEqual(
    next.mentions.map((m) => [m.network, m.mention_id, m.occurred_at, m.text, m.language, m.source]),
    [["facebook", "m1", "2026-03-02T10:00:00Z", "I love this great product", "en", "model"]],
  );
  const m2 = all.mentions[1]!;
  assert.ok(m2.confidence >= 0 && m2.confidence <= 1 && m2.score >= -1 && m2.score <= 1);
  assert.equal(m2.low_confidence, m2.confidence < 0.6);
  const instagram = await list("filter=all&network=IG");
  assert.deepEqual(
    instagram.mentions.map((m) => m.mention_id),
    ["m3"],
    "a network named as imports name it",
  );
  const unsure = await list("filter=low-confidence");
  assert.ok(unsure.mentions.every((m) => m.confidence < 0.6 && m.source === "model"));
  assert.equal(unsure.total, unsure.low_confidence);

  const before = await care();
  const target: SentimentClass = m2.model_sentiment === "negative" ? "positive" : "negative";
  const answer = await correct(editor, "Facebook/m2", { sentiment: target });
  assert.equal(answer.status, 200, answer.text);
  const corrected = answer.json as ScoredMention;
  assert.deepEqual(
    [corrected.mention_id, corrected.sentiment, corrected.source, corrected.model_sentiment],
    ["m2", target, "user", m2.model_sentiment],
  );
  const afterCare = await care();
  assert.equal(afterCare[`${target}_mentions`], before[`${target}_mentions`] + 1);
  assert.equal(afterCare[`${m2.model_sentiment}_mentions`], before[`${m2.model_sentiment}_mentions`] - 1);

  const correctedOnly = await list("filter=corrected");
  assert.deepEqual(
    correctedOnly.mentions.map((m) => [m.mention_id, m.sentiment, m.source]),
    [["m2", target, "user"]],
  );
  assert.ok((await list("filter=low-confidence")).mentions.every((m) => m.mention_id !== "m2"));

  const audit = await callApi(base, owner, "GET", inShop("/api/audit"));
  const entries = (audit.json as { entries: AuditEntry[] }).entries.filter(
    (e) => e.object_type === "sentiment_correction",
  );
  assert.deepEqual(
    entries.map((e) => [e.action, e.object_id, e.actor]),
    [["create", "facebook/m2", "editor@shop.example"]],
  );

  const undone = await callApi(base, editor, "DELETE", inShop("/api/mentions/facebook/m2/sentiment"));
  assert.equal(undone.status, 200, undone.text);
  assert.deepEqual(
    [(undone.json as ScoredMention).sentiment, (undone.json as ScoredMention).source],
    [m2.model_sentiment, "model"],
  );
  assert.deepEqual(await care(), before);
});

test("bad input, a viewer and another workspace's mention are refused", async () => {
  const refusal = (answer: { json: unknown }) => (answer.json as ErrorBody).error.code;
  const wrongClass = await correct(editor, "facebook/m1", { sentiment: "happy" });
  assert.deepEqual([wrongClass.status, refusal(wrongClass)], [400, "bad_request"]);
  const extra = await correct(editor, "facebook/m1", { sentiment: "positive", by: "me" });
  assert.equal(extra.status, 400);
  const badFilter = await callApi(base, viewer, "GET", inShop(`/api/mentions?filter=sad`));
  assert.deepEqual([badFilter.status, refusal(badFilter)], [400, "bad_request"]);
  const badLimit = await callApi(base, viewer, "GET", inShop(`/api/mentions?limit=0`));
  assert.equal(badLimit.status, 400);

  const byViewer = await correct(viewer, "facebook/m1", { sentiment: "negative" });
  assert.deepEqual([byViewer.status, refusal(byViewer)], [403, "forbidden"]);
  const undoByViewer = await callApi(base, viewer, "DELETE", inShop("/api/mentions/facebook/m1/sentiment"));
  assert.equal(undoByViewer.status, 403);

  // b1 is the other workspace's: from the shop it does not exist.
  const across = await correct(editor, "facebook/b1", { sentiment: "positive" });
  assert.deepEqual([across.status, refusal(across)], [404, "not_found"]);
  assert.doesNotMatch(across.text, /Other|stack/);
  const unknown = await callApi(base, editor, "DELETE", inShop("/api/mentions/facebook/none/sentiment"));
  assert.deepEqual([unknown.status, refusal(unknown)], [404, "not_found"]);
  const otherList = await callApi(base, editor, "GET", `/api/mentions?${PERIOD}&workspace=${other.id}`);
  assert.equal(otherList.status, 404, "the shop's editor is no member of the other workspace");
  assert.equal((await list("filter=corrected")).total, 0, "nothing refused was kept");
});

test("the OpenAPI document describes the mention routes", async () => {
  const { json } = await callApi(base, viewer, "GET", "/api/openapi.json");
  const paths = (json as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> })
    .paths;
  assert.ok(paths["/api/mentions"]?.["get"]);
  const sentiment = paths["/api/mentions/{network}/{mentionId}/sentiment"];
  assert.ok(sentiment?.["put"] && sentiment["delete"], Object.keys(paths).join(", "));
  assert.deepEqual((paths["/api/mentions"]?.["get"]?.parameters ?? []).map((p) => p.name).sort(), [
    "filter",
    "from",
    "limit",
    "network",
    "offset",
    "to",
    "workspace",
  ]);
});
