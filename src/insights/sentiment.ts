import type { Locale } from "../domain/workspace.js";
import { analyzer, detectLanguage } from "./language.js";
import { type SentimentModel, sentimentModel } from "./sentiment-model/model.js";

const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface SentimentVerdict {
  sentiment: Sentiment;
  language: Locale;
  /** P(positive) − P(negative), in [-1, 1]. */
  score: number;
  /** Probability (0..1) that the chosen class is right; low when the text gives little evidence. */
  confidence: number;
}

/**
 * The sentiment of one mention, in its language (given, else detected from its stop words, else
 * the fallback): the language's trained model (src/insights/sentiment-model, weights in
 * data/sentiment/<language>/) where one ships, else the @nlpjs lexicon.
 */
export async function classifySentiment(
  text: string,
  options: { language?: Locale | null; fallback: Locale },
): Promise<SentimentVerdict> {
  const language = options.language ?? detectLanguage(text, options.fallback);
  const model = sentimentModel(language);
  return model ? classifyWithModel(model, text) : classifyWithLexicon(text, language);
}

function classifyWithModel(model: SentimentModel, text: string): SentimentVerdict {
  const [negative, neutral, positive] = model.probabilities(text);
  const confidence = Math.max(negative, neutral, positive);
  // On a tie (a text with no evidence) neutral wins.
  const sentiment = confidence === neutral ? "neutral" : confidence === positive ? "positive" : "negative";
  return { sentiment, language: model.file.language, score: positive - negative, confidence };
}

/**
 * Lexicon-based polarity (@nlpjs/sentiment: SentiCon for English, Pattern for French and Dutch,
 * with negation), the classifier before the trained models and still the one for a language
 * without a model. A text with no lexicon word scores 0 and is neutral.
 */
export async function classifyWithLexicon(text: string, language: Locale): Promise<SentimentVerdict> {
  const { sentiment } = await analyzer().process({ locale: language, text });
  // The lexicon gives no probability: no hit means no evidence; otherwise the average polarity
  // per hit, capped at 1, says how far from the neutral boundary the text sits.
  const confidence = sentiment.numHits === 0 ? 0 : Math.min(1, Math.abs(sentiment.score) / sentiment.numHits);
  return {
    sentiment: sentiment.vote,
    language,
    score: Math.max(-1, Math.min(1, sentiment.score)),
    confidence,
  };
}
