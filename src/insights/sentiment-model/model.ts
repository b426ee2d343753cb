import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Locale } from "../../domain/workspace.js";
import { FEATURE_BITS, featurizeShared } from "./features.js";

/** Class order of every weight row, bias and probability vector. */
export const CLASSES = ["negative", "neutral", "positive"] as const;
export type ModelClass = (typeof CLASSES)[number];

/**
 * A multinomial logistic regression over hashed features, as shipped in
 * data/sentiment/<language>/model.json.gz: only the features whose weights survived pruning are
 * listed, each with one weight per class.
 */
export interface SentimentModelFile {
  format: 1;
  language: Locale;
  featureBits: number;
  bias: [number, number, number];
  /** Hashed feature indices, ascending. */
  features: number[];
  /** Three weights per feature, in CLASSES order, row after row. */
  weights: number[];
  training: { source: string; examples: number; epochs: number; l2: number; seed: number };
}

export class SentimentModel {
  private readonly table: Float32Array;
  private readonly bias: Float32Array;

  constructor(readonly file: SentimentModelFile) {
    if (file.featureBits !== FEATURE_BITS)
      throw new Error(
        `model for ${file.language} uses ${file.featureBits}-bit features, not ${FEATURE_BITS}`,
      );
    // A dense table (3 × 2^18 floats, 3 MB) makes scoring a few array reads per feature.
    this.table = new Float32Array(3 << FEATURE_BITS);
    file.features.forEach((feature, row) => {
      for (let k = 0; k < 3; k++) this.table[feature * 3 + k] = file.weights[row * 3 + k] as number;
    });
    this.bias = Float32Array.from(file.bias);
  }

  /** Probabilities of negative, neutral, positive; a text without a word or sign gives no evidence, so a third each. */
  probabilities(text: string): [number, number, number] {
    const { size, indices, values } = featurizeShared(text, this.file.language);
    if (size === 0) return [1 / 3, 1 / 3, 1 / 3];
    let z0 = this.bias[0] as number;
    let z1 = this.bias[1] as number;
    let z2 = this.bias[2] as number;
    for (let i = 0; i < size; i++) {
      const base = (indices[i] as number) * 3;
      const value = values[i] as number;
      z0 += (this.table[base] as number) * value;
      z1 += (this.table[base + 1] as number) * value;
      z2 += (this.table[base + 2] as number) * value;
    }
    const top = Math.max(z0, z1, z2);
    const e0 = Math.exp(z0 - top);
    const e1 = Math.exp(z1 - top);
    const e2 = Math.exp(z2 - top);
    const sum = e0 + e1 + e2;
    return [e0 / sum, e1 / sum, e2 / sum];
  }
}

export function modelPath(language: Locale): URL {
  return new URL(`../../../data/sentiment/${language}/model.json.gz`, import.meta.url);
}

export function readModelFile(path: URL | string): SentimentModelFile {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as SentimentModelFile;
}

/** Loaded once per process and language; `undefined` for a language that ships no model. */
const loaded = new Map<Locale, SentimentModel | undefined>();
export function sentimentModel(language: Locale): SentimentModel | undefined {
  if (!loaded.has(language)) {
    const path = modelPath(language);
    loaded.set(language, existsSync(path) ? new SentimentModel(readModelFile(path)) : undefined);
  }
  return loaded.get(language);
}
