import assert from "node:assert/strict";
import { test } from "node:test";
import { bestTimes, MIN_SLOT_POSTS } from "../../src/insights/best-times.js";
import { customerCare } from "../../src/insights/customer-care.js";
import { earnedMediaValue } from "../../src/insights/earned-media.js";
import { computeInsights } from "../../src/insights/insights.js";
import { buildApp } from "../../src/server/app.js";
import { authorizedInject, COST_HEADER, POST_HEADER, testWorkspace } from "../helpers.js";

const PERIOD = { from: "2025-03-01", to: "2025-03-31" };

/** 60 posts: videos on Tuesdays at 9h with #launch get three times the engagements of the rest. */
function postsCsv(): string {
  const rows = [`${POST_HEADER},paid`];
  for (let i = 0; i < 60; i++) {
    const video = i % 3 === 0;
    const day = String(1 + (i % 28)).padStart(2, "0");
    const text = video
      ? `New ebook launch video #launch ${i}`
      : `Read our article about marketing budgets ${i}?`;
    const engagements = (video ? 90 : 30) + (i % 5);
    const paid = i % 10 === 0 ? 1 : 0;
    rows.push(
      `p${i},facebook,2025-03-${day}T${video ? "09" : "15"}:00:00Z,${video ? "video" : "photo"},"${text}",${i % 2 ? "ebook" : "brand"},1000,800,${engagements},${engagements - 10},5,5,${video ? 20 : 10},${paid}`,
    );
  }
  return `${rows.join("\n")}\n`;
}

async function seeded() {
  const t = await testWorkspace();
  await t.load("posts.csv", postsCsv());
  await t.load("keyword_cpcs.csv", "keyword,cpc,currency\nebook,2.00,EUR\n");
  await t.load("costs.csv", `${COST_HEADER}\n2025-03-01,,ads,120,EUR,facebook,,boost,\n`);
  await t.load(
    "mentions.csv",
    "mention_id,occurred_at,network,author,text,replied_at,resolved\n" +
      "m1,2025-03-03T09:00:00Z,facebook,a,Love the new ebook!,2025-03-03T09:30:00Z,\n" +
      'm2,2025-03-03T10:00:00Z,facebook,b,"Je déteste ce produit, service nul",2025-03-03T12:00:00Z,1\n' +
      "m3,2025-03-04T10:00:00Z,x,c,,,\n",
  );
  return t;
}

test("drivers from imported posts: videos, #launch and the topic words stand out", async () => {
  const t = await seeded();
  try {
    const insights = await computeInsights(t.store, t.workspace, PERIOD, {
      metric: "engagement_rate",
      lang: "fr",
    });
    const video = insights.drivers.find((d) => d.feature === "type" && d.value === "video");
    assert.ok(video?.significant && video.lift > 2.5);
    assert.ok(insights.drivers.some((d) => d.feature === "topic" && d.value === "launch"));
    assert.ok(
      !insights.drivers.some((d) => d.feature === "topic" && d.value === "our"),
      "stop words are no topics",
    );
    assert.match(insights.sentences[0] ?? "", /publications/);
    assert.ok(
      insights.top_bottom.top.over_represented.some((t) => t.feature === "type" && t.value === "video"),
    );
  } finally {
    await t.close();
  }
});

test("best times per network flag slots with too few posts", async () => {
  const t = await seeded();
  try {
    const times = await bestTimes(t.store, t.workspace, PERIOD, "engagement_rate");
    const facebook = times.networks.find((n) => n.network === "facebook");
    assert.ok(facebook);
    assert.ok(facebook.best.every((s) => s.posts >= MIN_SLOT_POSTS));
    assert.ok(facebook.slots.some((s) => !s.enough_posts));
    assert.equal(
      facebook.slots.reduce((sum, s) => sum + s.posts, 0),
      60,
    );
  } finally {
    await t.close();
  }
});

test("earned media value prices organic clicks by campaign keyword, else the paid average CPC", async () => {
  const t = await seeded();
  try {
    const emv = await earnedMediaValue(t.store, t.workspace, PERIOD);
    const ebook = emv.lines.find((l) => l.campaign === "ebook");
    const brand = emv.lines.find((l) => l.campaign === "brand");
    assert.equal(ebook?.cpc, 2);
    assert.match(ebook?.cpc_source ?? "", /keyword_cpcs/);
    // Paid posts p0 … p50: two videos with 20 clicks and four photos with 10, so 120 € ÷ 80 clicks.
    assert.equal(brand?.cpc, 1.5);
    assert.match(brand?.cpc_source ?? "", /average CPC of paid posts/);
    assert.equal(emv.cpm, (120 / 6000) * 1000);
    assert.equal(emv.organic_impressions, 54_000);
  } finally {
    await t.close();
  }
});

test("customer care: sentiment in each language, response times and share answered", async () => {
  const t = await seeded();
  try {
    const all = await customerCare(t.store, t.workspace, PERIOD);
    assert.deepEqual(
      { ...all },
      {
        mentions: 3,
        positive_mentions: 1,
        negative_mentions: 1,
        neutral_mentions: 1,
        median_response_minutes: 75,
        p90_response_minutes: 111,
        share_answered: 2 / 3,
        share_resolved: 1,
      },
    );
    const x = await customerCare(t.store, t.workspace, PERIOD, "x");
    assert.equal(x.mentions, 1);
    assert.equal(x.median_response_minutes, null);
  } finally {
    await t.close();
  }
});

test("the API serves insights, best times, value estimates and earned media value", async () => {
  const t = await seeded();
  const app = await buildApp({ store: t.store, workspace: t.workspace });
  const inject = await authorizedInject(app, t.store, t.workspace.id);
  try {
    for (const url of [
      "/api/insights?from=2025-03-01&to=2025-03-31&metric=ctr",
      "/api/insights/best-times?metric=clicks",
      "/api/insights/value-estimates",
      "/api/insights/emv",
    ]) {
      const response = await inject({ method: "GET", url });
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    }
    const wrong = await inject({ method: "GET", url: "/api/insights?metric=likes" });
    assert.equal(wrong.statusCode, 400);
    const drivers = (await inject({ method: "GET", url: "/api/insights?metric=ctr" })).json();
    assert.equal(drivers.metric, "ctr");
    assert.ok(Array.isArray(drivers.drivers));
  } finally {
    await app.close();
    await t.close();
  }
});
