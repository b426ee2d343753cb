import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { REPORT_FORMATS } from "../../src/api/reports.js";
import type { Locale, Workspace } from "../../src/domain/workspace.js";
import { correctMentionSentiment } from "../../src/insights/correct-mention-sentiment.js";
import { listMentions } from "../../src/insights/list-mentions.js";
import { findScoredMention, mentionKey } from "../../src/insights/score-mentions.js";
import { sentimentMethod } from "../../src/insights/sentiment-method.js";
import { DEFAULT_BRANDING } from "../../src/reports/branding.js";
import { buildReport } from "../../src/reports/model.js";
import { renderReport } from "../../src/reports/render/index.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { importMentions } from "../insights/mention-files.js";
import { pdfText } from "./fixtures.js";

/**
 * The report's insights state how the satisfaction figures were found (the model of each
 * language, how many mentions users corrected, how many verdicts were unsure), in the reader's
 * language, and show them per network beside the period before, the corrections counted.
 */

const MARCH = { from: "2026-03-01", to: "2026-03-31" };
const MENTIONS = [
  "m1,2026-03-02T10:00:00Z,facebook,a,I love this great product,2026-03-02T10:30:00Z,1,en",
  "m2,2026-03-03T10:00:00Z,facebook,b,Terrible service,2026-03-03T11:30:00Z,0,en",
  "m3,2026-03-04T10:00:00Z,instagram,c,le colis est arrivé,,,fr",
  "m4,2026-02-20T10:00:00Z,facebook,d,Awful,,,en",
];

let store: DuckDbStore;
let workspace: Workspace;
let empty: Workspace;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
  workspace = await createWorkspace(store, { name: "Shop", ...settings });
  empty = await createWorkspace(store, { name: "Quiet", ...settings });
  await importMentions(store, workspace, MENTIONS);
  // A class the model did not give, so that the correction changes the counts.
  const m2 = await findScoredMention(store, workspace, mentionKey("facebook", "m2"));
  const target = m2.model_sentiment === "positive" ? "negative" : "positive";
  await correctMentionSentiment(store, workspace, mentionKey("facebook", "m2"), target);
});
after(() => store.close());

async function insights(lang: Locale, of = workspace) {
  const model = await buildReport(store, of, {
    period: MARCH,
    lang,
    sections: ["insights"],
    branding: DEFAULT_BRANDING,
    now: new Date("2026-12-06T00:00:00Z"),
  });
  return model.sections[0]!;
}

test("the method sentence names each language's model and the corrected and unsure mentions, in en/fr/nl", async () => {
  const unsure = (await listMentions(store, workspace, MARCH, { filter: "all", limit: 10, offset: 0 }))
    .low_confidence;

  const methodOf = (paragraphs: string[], start: string) => paragraphs.find((p) => p.startsWith(start)) ?? "";
  const english = methodOf((await insights("en")).paragraphs, "Method:");
  assert.match(english, /Users corrected 1 of the 3 mentions/);
  assert.match(english, new RegExp(`${unsure} uncorrected verdicts had a confidence below 0\\.60`));
  // The languages the mentions were in, each with its own classifier; no Dutch mention, no Dutch model named.
  for (const [language, name] of [
    ["en", "English"],
    ["fr", "French"],
  ] as const) {
    const method = sentimentMethod(language);
    assert.match(
      english,
      new RegExp(`${name}: ${method.kind === "model" ? "a logistic regression" : "a sentiment lexicon"}`),
    );
  }
  assert.doesNotMatch(english, /Dutch/);

  const french = methodOf((await insights("fr")).paragraphs, "Méthode :");
  assert.match(french, /Les utilisateurs ont corrigé 1 des 3 mentions/);
  assert.match(french, /anglais : .*; français : /);
  const dutch = methodOf((await insights("nl")).paragraphs, "Methode:");
  assert.match(dutch, /Gebruikers corrigeerden 1 van de 3 vermeldingen/);
  assert.match(dutch, /Engels: .*; Frans: /);
});

test("the satisfaction table counts the user's class, per network, beside the period before", async () => {
  const section = await insights("en");
  const table = section.tables.find((t) => t.id === "customer_care");
  assert.ok(table, section.tables.map((t) => t.id).join(", "));
  assert.deepEqual(
    table.columns.map((c) => c.label),
    [
      "Network",
      "Mentions",
      "Positive mentions",
      "Positive mentions, period before",
      "Negative mentions",
      "Negative mentions, period before",
      "Median response (min)",
      "Answered",
      "Issues resolved",
    ],
  );
  const facebook = table.rows.find((row) => row[0]!.value === "Facebook")!;
  const scored = await Promise.all(
    ["m1", "m2", "m4"].map((id) => findScoredMention(store, workspace, mentionKey("facebook", id))),
  );
  assert.equal(scored[1]!.source, "user");
  const march = scored.slice(0, 2);
  const february = scored.slice(2);
  const counted = (mentions: typeof scored, sentiment: string) =>
    mentions.filter((m) => m.sentiment === sentiment).length;
  // Replies after 30 and 90 minutes; one of the two resolved.
  assert.deepEqual(
    facebook.map((cell) => cell.value),
    [
      "Facebook",
      2,
      counted(march, "positive"),
      counted(february, "positive"),
      counted(march, "negative"),
      counted(february, "negative"),
      60,
      1,
      0.5,
    ],
  );
  assert.equal(table.rows.length, 2);

  const quiet = await insights("en", empty);
  assert.equal(
    quiet.tables.find((t) => t.id === "customer_care"),
    undefined,
    "no mentions, no table",
  );
  assert.ok(!quiet.paragraphs.some((p) => p.startsWith("Method:")));
});

test("every format renders the satisfaction table and the method; the PDF reads it", async () => {
  const model = await buildReport(store, workspace, {
    period: MARCH,
    lang: "fr",
    sections: ["insights"],
    branding: DEFAULT_BRANDING,
    now: new Date("2026-12-06T00:00:00Z"),
  });
  for (const format of REPORT_FORMATS) assert.ok((await renderReport(model, format)).length > 0, format);
  const text = pdfText(await renderReport(model, "pdf"), "care-fr.pdf").replace(/\s+/g, " ");
  assert.match(text, /Service client par réseau/);
  assert.match(text, /Les utilisateurs ont corrigé 1 des 3 mentions/);
});
