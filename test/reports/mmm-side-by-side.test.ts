import assert from "node:assert/strict";
import { test } from "node:test";
import { MODEL_NAMES } from "../../src/attribution/types.js";
import type { Estimate } from "../../src/mmm/fit-model.js";
import { compareMmmWithAttribution, mmmSideBySide } from "../../src/reports/mmm-side-by-side.js";
import { CONVERSION_HEADER, testWorkspace } from "../helpers.js";

const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

/** A posterior summary with its interval; the middle figures matter to no verdict. */
const between = (low: number, high: number): Estimate => ({
  low,
  high,
  mean: (low + high) / 2,
  median: (low + high) / 2,
});

/**
 * Journeys whose credit every model agrees on but one: c1 clicked facebook, c2 linkedin, c4 x,
 * each before one sale; c3 clicked facebook then instagram before a sale of 40, which last touch
 * gives to instagram and linear splits. So facebook gets 100 (last touch) or 120 (linear),
 * instagram 40 or 20, linkedin 60 and x 10 under both.
 */
async function journeyWorkspace() {
  const t = await testWorkspace();
  await t.load(
    "touchpoints.csv",
    [
      "customer_id,occurred_at,channel,network,campaign",
      "c1,2026-03-02T10:00:00Z,Paid Social,facebook,",
      "c2,2026-03-05T10:00:00Z,Paid Social,linkedin,",
      "c3,2026-03-08T10:00:00Z,Paid Social,facebook,",
      "c3,2026-03-09T10:00:00Z,Paid Social,instagram,",
      "c4,2026-03-11T10:00:00Z,Organic Social,x,",
    ].join("\n"),
  );
  await t.load(
    "conversions.csv",
    [
      CONVERSION_HEADER,
      "o1,2026-03-03T10:00:00Z,sale,100,EUR,,,c1,",
      "o2,2026-03-06T10:00:00Z,sale,60,EUR,,,c2,",
      "o3,2026-03-10T10:00:00Z,sale,40,EUR,,,c3,",
      "o4,2026-03-12T10:00:00Z,sale,10,EUR,,,c4,",
    ].join("\n"),
  );
  return t;
}

const FIT = {
  interval: 0.9,
  channels: [
    { channel: "facebook", contribution: between(90, 200) },
    { channel: "linkedin", contribution: between(300, 500) },
    { channel: "instagram", contribution: between(1, 5) },
  ],
};

test("each network of the model stands beside the credit of the click-based models, with its verdict", async () => {
  const t = await journeyWorkspace();
  const side = await mmmSideBySide(t.store, t.workspace, PERIOD, FIT, {
    models: ["last_touch", "linear"],
    networkName: (id) => ({ linkedin: "LinkedIn" })[id] ?? id.charAt(0).toUpperCase() + id.slice(1),
  });
  await t.close();
  assert.deepEqual(side.models, ["last_touch", "linear"]);
  assert.deepEqual(
    side.networks.map((n) => [n.network, n.name, n.attributed, n.attributedLow, n.attributedHigh, n.verdict]),
    [
      ["facebook", "Facebook", { last_touch: 100, linear: 120 }, 100, 120, "agree"],
      ["linkedin", "LinkedIn", { last_touch: 60, linear: 60 }, 60, 60, "mmm_higher"],
      ["instagram", "Instagram", { last_touch: 40, linear: 20 }, 20, 40, "mmm_lower"],
    ],
  );
  assert.deepEqual(side.networks[1]!.incremental, between(300, 500));
  assert.deepEqual(side.unmodelled, [{ network: "x", name: "X", attributedLow: 10, attributedHigh: 10 }]);
  assert.equal(side.interval, 0.9);
  assert.equal(
    side.sentence,
    [
      "For Facebook, the model's incremental revenue and the revenue the click-based models credit agree: their ranges overlap.",
      "For LinkedIn, the model finds more revenue than any click-based model credits: it also counts sales that leave no click trail (word of mouth, people who saw a post and came back “direct” or through a search), which attribution cannot see.",
      "For Instagram, the model finds less revenue than every click-based model credits: attribution gives a sale to the tracked clicks before it even when the buyer would have bought anyway, while the model counts only what rose and fell with the spend.",
      "X is credited through clicks but has no ad spend of its own, so the model counts its sales in the baseline.",
      "Neither is an experiment: the model reads correlation over time and attribution reads only tracked clicks; a lift test on a network settles where they disagree.",
    ].join(" "),
  );
});

test("without a model list every attribution model is set beside the fit, in the workspace's language by default", async () => {
  const t = await journeyWorkspace();
  const side = await mmmSideBySide(t.store, { ...t.workspace, locale: "nl" }, PERIOD, FIT);
  const french = await mmmSideBySide(t.store, t.workspace, PERIOD, FIT, { locale: "fr" });
  await t.close();
  assert.equal(side.models.length, MODEL_NAMES.length);
  for (const network of side.networks) {
    assert.deepEqual(Object.keys(network.attributed), side.models);
    // Whatever the model, a network's credits come from the same 210 of revenue.
    assert.ok(network.attributedLow >= 0 && network.attributedHigh <= 210, network.network);
  }
  assert.equal(side.networks.find((n) => n.network === "linkedin")?.verdict, "mmm_higher");
  // First touch gives instagram nothing, which the model's interval reaches down to.
  assert.equal(side.networks.find((n) => n.network === "instagram")?.verdict, "agree");
  assert.match(side.sentence, /^Voor facebook en instagram komen de incrementele omzet van het model/);
  assert.match(side.sentence, / Voor linkedin vindt het model meer omzet dan enig klikmodel toekent/);
  assert.match(side.sentence, /x krijgt toekenning via klikken maar heeft geen eigen advertentie-uitgaven/);
  assert.match(french.sentence, /Pour linkedin, le modèle trouve plus de revenu/);
  assert.match(french.sentence, /Aucun des deux n’est une expérience/);
});

test("with no click trail at all the sentence says there is nothing to set beside the model", () => {
  const none = compareMmmWithAttribution(
    FIT,
    [
      { model: "linear", channels: [] },
      { model: "first_touch", channels: [] },
    ],
    { locale: "en" },
  );
  assert.deepEqual(
    none.networks.map((n) => [n.network, n.attributed, n.verdict]),
    [
      ["facebook", { linear: 0, first_touch: 0 }, "mmm_higher"],
      ["linkedin", { linear: 0, first_touch: 0 }, "mmm_higher"],
      ["instagram", { linear: 0, first_touch: 0 }, "mmm_higher"],
    ],
  );
  assert.deepEqual(none.unmodelled, []);
  assert.match(none.sentence, /^No sale of the period has a tracked click trail/);
  assert.match(none.sentence, /For facebook, linkedin, and instagram, the model finds more revenue/);
  assert.doesNotMatch(none.sentence, /agree:|finds less/);
});

test("several networks of one verdict share a clause whose grammar follows their number", () => {
  const models = [
    {
      model: "linear" as const,
      channels: [
        { channel: "tiktok", conversions: 1, value: 30 },
        { channel: "youtube", conversions: 1, value: 20 },
      ],
    },
  ];
  const side = compareMmmWithAttribution({ interval: 0.9, channels: [] }, models, { locale: "fr" });
  assert.deepEqual(side.networks, []);
  assert.deepEqual(
    side.unmodelled.map((n) => n.network),
    ["tiktok", "youtube"],
  );
  assert.match(side.sentence, /^tiktok et youtube reçoivent du crédit par les clics mais n’ont pas/);
});
