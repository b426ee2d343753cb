import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { CLASSES, type ModelClass } from "./model.js";
import type { LabelledText } from "./train.js";

/** data/sentiment/<language>/<split>.tsv(.gz): one `label<TAB>text` per line. */
export function readLabelledTsv(path: URL | string): LabelledText[] {
  const bytes = readFileSync(path);
  return (String(path).endsWith(".gz") ? gunzipSync(bytes) : bytes)
    .toString("utf8")
    .split("\n")
    .filter((line) => line.includes("\t"))
    .map((line) => {
      const tab = line.indexOf("\t");
      const label = line.slice(0, tab) as ModelClass;
      if (!CLASSES.includes(label)) throw new Error(`unknown label ${JSON.stringify(label)} in ${path}`);
      return { label, text: line.slice(tab + 1) };
    });
}

export interface Scores {
  accuracy: number;
  /** Mean over the three classes of each class's F1, so a rare class counts as much as a common one. */
  macroF1: number;
  examples: number;
}

export function score(truth: readonly ModelClass[], predicted: readonly ModelClass[]): Scores {
  let correct = 0;
  const f1s = CLASSES.map((cls) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((label, i) => {
      const guess = predicted[i];
      if (guess === cls && label === cls) tp++;
      else if (guess === cls) fp++;
      else if (label === cls) fn++;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  truth.forEach((label, i) => {
    if (predicted[i] === label) correct++;
  });
  return {
    accuracy: truth.length ? correct / truth.length : 0,
    macroF1: f1s.reduce((sum, f1) => sum + f1, 0) / f1s.length,
    examples: truth.length,
  };
}
