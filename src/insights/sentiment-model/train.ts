import { seededRandom } from "../../domain/seeded-random.js";
import type { Locale } from "../../domain/workspace.js";
import { FEATURE_BITS, featurize, type SparseVector } from "./features.js";
import { CLASSES, type ModelClass, type SentimentModelFile } from "./model.js";

export interface LabelledText {
  label: ModelClass;
  text: string;
  /** The text's own language when it is not the model's (training borrowing another language's data). */
  language?: Locale;
}

export interface TrainingOptions {
  epochs: number;
  /** L2 penalty per example and step. */
  l2: number;
  learningRate: number;
  seed: number;
  /** Weights smaller than this in every class are dropped from the shipped file. */
  prune: number;
  /** Weigh each class by the inverse of its share, so a rare class (often negative) is not ignored. */
  balanceClasses: boolean;
  source: string;
}

/**
 * Stochastic gradient descent on the cross-entropy of a softmax over the three classes, with L2
 * applied exactly through a shared scale factor (weights = scale × stored), so each step touches
 * only the text's own features.
 */
export function trainSentimentModel(
  language: Locale,
  examples: readonly LabelledText[],
  options: TrainingOptions,
): SentimentModelFile {
  const vectors: SparseVector[] = examples.map((example) =>
    featurize(example.text, example.language ?? language),
  );
  const labels = examples.map((example) => CLASSES.indexOf(example.label));
  const classCounts = [0, 0, 0];
  for (const label of labels) classCounts[label] = (classCounts[label] as number) + 1;
  const classWeight = classCounts.map((count) =>
    options.balanceClasses && count > 0 ? examples.length / (3 * count) : 1,
  );

  const stored = new Float64Array(3 << FEATURE_BITS);
  const bias = new Float64Array(3);
  let scale = 1;
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const rate = options.learningRate / (1 + options.learningRate * options.l2 * step++);
      const { indices, values } = vectors[index] as SparseVector;
      const logits = [bias[0] as number, bias[1] as number, bias[2] as number];
      for (let f = 0; f < indices.length; f++) {
        const base = (indices[f] as number) * 3;
        const value = (values[f] as number) * scale;
        for (let k = 0; k < 3; k++) logits[k] = (logits[k] as number) + (stored[base + k] as number) * value;
      }
      const top = Math.max(...logits);
      const exps = logits.map((z) => Math.exp(z - top));
      const sum = exps[0]! + exps[1]! + exps[2]!;
      const label = labels[index] as number;
      const weight = classWeight[label] as number;
      scale *= 1 - rate * options.l2;
      for (let k = 0; k < 3; k++) {
        const gradient = weight * ((exps[k] as number) / sum - (k === label ? 1 : 0));
        bias[k] = (bias[k] as number) - rate * gradient;
        const delta = (rate * gradient) / scale;
        for (let f = 0; f < indices.length; f++) {
          const at = (indices[f] as number) * 3 + k;
          stored[at] = (stored[at] as number) - delta * (values[f] as number);
        }
      }
      // Keep the scale away from underflow on long runs.
      if (scale < 1e-6) {
        for (let w = 0; w < stored.length; w++) stored[w] = (stored[w] as number) * scale;
        scale = 1;
      }
    }
  }

  const features: number[] = [];
  const weights: number[] = [];
  const round = (value: number) => Math.round(value * 1e4) / 1e4;
  for (let feature = 0; feature < 1 << FEATURE_BITS; feature++) {
    const row = [0, 1, 2].map((k) => (stored[feature * 3 + k] as number) * scale);
    if (row.every((w) => Math.abs(w) < options.prune)) continue;
    features.push(feature);
    weights.push(...row.map(round));
  }
  return {
    format: 1,
    language,
    featureBits: FEATURE_BITS,
    bias: [round(bias[0] as number), round(bias[1] as number), round(bias[2] as number)],
    features,
    weights,
    training: {
      source: options.source,
      examples: examples.length,
      epochs: options.epochs,
      l2: options.l2,
      seed: options.seed,
    },
  };
}
