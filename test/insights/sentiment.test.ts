import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Locale } from "../../src/domain/workspace.js";
import { classifySentiment, type Sentiment } from "../../src/insights/sentiment.js";

const labelled = JSON.parse(
  readFileSync(new URL("../fixtures/insights/sentiment-labelled.json", import.meta.url), "utf8"),
) as Record<Locale, [string, Sentiment][]>;

for (const [language, texts] of Object.entries(labelled) as [Locale, [string, Sentiment][]][]) {
  test(`sentiment accuracy on ${texts.length} labelled ${language} texts is measured and beats chance`, async () => {
    assert.ok(texts.length >= 30);
    let correct = 0;
    let detected = 0;
    for (const [text, label] of texts) {
      const verdict = await classifySentiment(text, { fallback: "en" });
      if (verdict.sentiment === label) correct++;
      if (verdict.language === language) detected++;
    }
    const accuracy = correct / texts.length;
    console.log(
      `${language}: sentiment ${correct}/${texts.length} = ${(accuracy * 100).toFixed(0)}%, language detected ${detected}/${texts.length}`,
    );
    // Three balanced classes: a classifier that guesses is right a third of the time.
    assert.ok(accuracy > 1 / 3, `accuracy ${accuracy}`);
  });
}
