import type { Locale } from "../domain/workspace.js";
import { sentimentModel } from "./sentiment-model/model.js";

/** Which classifier gives a language's verdicts: its trained model, or the lexicon where none ships. */
export type SentimentMethod = { kind: "model"; source: string; examples: number } | { kind: "lexicon" };

export function sentimentMethod(language: Locale): SentimentMethod {
  const training = sentimentModel(language)?.file.training;
  return training
    ? { kind: "model", source: training.source, examples: training.examples }
    : { kind: "lexicon" };
}
