import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Locale } from "../../src/domain/workspace.js";
import { detectLanguage } from "../../src/insights/language.js";
import { classifySentiment, classifyWithLexicon, type Sentiment } from "../../src/insights/sentiment.js";

const labelled = JSON.parse(
  readFileSync(new URL("../fixtures/insights/sentiment-labelled.json", import.meta.url), "utf8"),
) as Record<Locale, [string, Sentiment][]>;

/**
 * Where socialroi's classifier must stand against the @nlpjs lexicon it replaced, on the project's
 * labelled set with the language detected as for a mention without one. French is the known gap:
 * its model, trained on 1,839 political and figurative tweets, is ahead of the lexicon on held-out
 * tweets but one text behind it here (25 of 33 against 26; bench/README.md, sentiment); the test
 * holds it to the measured figure less a text until French training data closer to mentions is found.
 */
const AGAINST_LEXICON: Record<Locale, "ahead" | { atLeast: number }> = {
  en: "ahead",
  fr: { atLeast: 0.72 },
  nl: "ahead",
};

for (const [language, texts] of Object.entries(labelled) as [Locale, [string, Sentiment][]][]) {
  test(`sentiment on ${texts.length} labelled ${language} texts: measured against the lexicon`, async () => {
    assert.ok(texts.length >= 30);
    let correct = 0;
    let lexiconCorrect = 0;
    let detected = 0;
    for (const [text, label] of texts) {
      const verdict = await classifySentiment(text, { fallback: "en" });
      if (verdict.sentiment === label) correct++;
      if (verdict.language === language) detected++;
      if ((await classifyWithLexicon(text, verdict.language)).sentiment === label) lexiconCorrect++;
    }
    const accuracy = correct / texts.length;
    const lexiconAccuracy = lexiconCorrect / texts.length;
    console.log(
      `${language}: sentiment ${correct}/${texts.length} = ${(accuracy * 100).toFixed(0)}% (lexicon ${(lexiconAccuracy * 100).toFixed(0)}%), language detected ${detected}/${texts.length}`,
    );
    const goal = AGAINST_LEXICON[language];
    if (goal === "ahead")
      assert.ok(accuracy > lexiconAccuracy, `${accuracy} vs the lexicon's ${lexiconAccuracy}`);
    else assert.ok(accuracy >= goal.atLeast, `accuracy ${accuracy}`);
    // Three balanced classes: a classifier that guesses is right a third of the time.
    assert.ok(accuracy > 1 / 3, `accuracy ${accuracy}`);
  });
}

test("the language of a short post is found from its stop words and spelling", () => {
  for (const [language, texts] of Object.entries(labelled) as [Locale, [string, Sentiment][]][]) {
    const found = texts.filter(([text]) => detectLanguage(text, "en") === language).length;
    assert.ok(found / texts.length >= 0.85, `${language}: ${found}/${texts.length}`);
  }
  assert.equal(detectLanguage("Het pakket is nog steeds niet aangekomen", "en"), "nl");
  assert.equal(detectLanguage("Très déçu par le service", "en"), "fr");
  assert.equal(detectLanguage("12345", "fr"), "fr");
});
