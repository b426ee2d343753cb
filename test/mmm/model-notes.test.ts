import assert from "node:assert/strict";
import { test } from "node:test";
import { LOCALES } from "../../src/domain/workspace.js";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { type MmmNote, modelNotes } from "../../src/mmm/model-notes.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { mmmParagraph } from "../../src/reports/mmm-paragraph.js";

const QUICK = { burnIn: 100, sweeps: 300 };

test("the notes say what the fit read, its holdout error, which spends varied little and which ROIs are wide", () => {
  const { series } = simulateSeries({ seed: 4, cadence: "weekly", years: 2, channels: 3 });
  // A spend within ±15% of its mean: accepted, but little to learn from.
  const steady = series.channels[1]!.spend.map((_, t) => 1000 * (1 + 0.15 * Math.sin(t / 3)));
  const steadied = {
    ...series,
    channels: series.channels.map((channel, c) => (c === 1 ? { ...channel, spend: steady } : channel)),
  };
  const fit = fitMmm(steadied, { sampler: QUICK });
  const notes = modelNotes(fit, steadied);
  const byCode = new Map(notes.map((note) => [note.code, note]));
  assert.deepEqual(byCode.get("history"), {
    code: "history",
    periods: 104,
    cadence: "weekly",
    from: "2023-01-02",
    to: "2024-12-23",
  });
  assert.deepEqual(byCode.get("little_spend_variation"), {
    code: "little_spend_variation",
    channels: ["channel_2"],
  });
  assert.deepEqual(byCode.get("holdout_error"), {
    code: "holdout_error",
    mape: fit.fit.holdoutMape,
    periods: 11,
    cadence: "weekly",
  });
  const wide = fit.channels.filter((c) => c.roi.high > 3 * c.roi.low).map((c) => c.channel);
  assert.deepEqual(byCode.get("wide_intervals") ?? { code: "wide_intervals", channels: [] }, {
    code: "wide_intervals",
    channels: wide,
  });
  assert.ok(!byCode.has("lift_tests") && !byCode.has("no_holdout"));
  assert.deepEqual(
    [notes[0]!.code, notes[1]!.code, notes[2]!.code, notes[notes.length - 1]!.code],
    ["history", "correlation_over_time", "needs_spend_variation", "beyond_data"],
  );

  const tested = fitMmm(series, {
    sampler: QUICK,
    holdout: false,
    liftTests: [
      {
        channel: "channel_1",
        start: "2023-06-05",
        end: "2023-09-25",
        incremental: 1e9,
        low: 0.9e9,
        high: 1.1e9,
      },
    ],
  });
  const testedNotes = modelNotes(tested, series);
  assert.deepEqual(
    testedNotes.find((note) => note.code === "lift_tests"),
    { code: "lift_tests", tests: 1, disagreeing: ["channel_1"] },
  );
  assert.ok(testedNotes.some((note) => note.code === "no_holdout"));
});

const EVERY_NOTE: MmmNote[] = [
  { code: "history", periods: 730, cadence: "daily", from: "2024-01-01", to: "2025-12-30" },
  { code: "correlation_over_time" },
  { code: "needs_spend_variation" },
  { code: "little_spend_variation", channels: ["facebook", "linkedin"] },
  { code: "wide_intervals", channels: ["tiktok"] },
  { code: "holdout_error", mape: 0.083, periods: 73, cadence: "daily" },
  { code: "no_holdout" },
  { code: "lift_tests", tests: 2, disagreeing: ["facebook"] },
  { code: "not_converged", rhat: 1.23 },
  { code: "beyond_data" },
];

test("the paragraph has a sentence per note in each language, with its figures written there", () => {
  const paragraphs = Object.fromEntries(LOCALES.map((locale) => [locale, mmmParagraph(EVERY_NOTE, locale)]));
  for (const locale of LOCALES) {
    const sentences = paragraphs[locale]!.split(/(?<=[.!?]) (?=[A-ZÀ-ÖØ-ÞÉ0-9])/u);
    assert.equal(sentences.length, EVERY_NOTE.length, `${locale}: ${paragraphs[locale]}`);
  }
  assert.match(paragraphs.en!, /read 730 days of data, from 1 January 2024 to 30 December 2025\./);
  assert.match(paragraphs.en!, /The spend of Facebook and LinkedIn varied little, so their figures rest/);
  assert.match(paragraphs.en!, /last 73 days without seeing them, it was off by 8\.3% on average/);
  assert.match(paragraphs.en!, /2 lift tests were taken in as evidence; the tests of Facebook disagree/);
  assert.match(paragraphs.en!, /R-hat 1\.23/);
  assert.match(
    paragraphs.fr!,
    /Le modèle a lu 730 jours de données, du 1 janvier 2024 au 30 décembre 2025\./,
  );
  assert.match(paragraphs.fr!, /Les dépenses de Facebook et LinkedIn ont peu varié/);
  assert.match(paragraphs.fr!, /Le ROI de TikTok est incertain/);
  assert.match(paragraphs.fr!, /les tests de Facebook contredisent/);
  assert.match(
    paragraphs.fr!,
    /En prévoyant les 73 derniers jours sans les avoir vus, il s’est trompé de 8,3\u00a0%/,
  );
  assert.match(
    mmmParagraph([{ code: "holdout_error", mape: 0.05, periods: 11, cadence: "weekly" }], "fr"),
    /les 11 dernières semaines sans les avoir vues/,
  );
  assert.match(
    mmmParagraph([{ code: "lift_tests", tests: 1, disagreeing: [] }], "en"),
    /^A lift test was taken in as evidence, in agreement with the data\.$/,
  );
  assert.match(paragraphs.fr!, /8,3\u00a0%/);
  assert.match(
    paragraphs.nl!,
    /Het model las 730 dagen aan gegevens, van 1 januari 2024 tot 30 december 2025\./,
  );
  assert.match(paragraphs.nl!, /De uitgaven van Facebook en LinkedIn varieerden weinig/);
  assert.match(paragraphs.nl!, /De ROI van TikTok is onzeker/);
  for (const locale of LOCALES)
    assert.doesNotMatch(paragraphs[locale]!, /facebook|linkedin|tiktok/, `${locale}: network ids, not names`);
  // A file's channels are its own names: nothing to translate them to.
  assert.match(
    mmmParagraph([{ code: "wide_intervals", channels: ["channel_1"] }], "en", (channel) => channel),
    /^The ROI of channel_1 is uncertain/,
  );
  assert.match(paragraphs.nl!, /R-hat 1,23/);
});
