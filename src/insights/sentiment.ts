import type { Locale } from "../domain/workspace.js";
import { analyzer, detectLanguage } from "./language.js";

const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface SentimentVerdict {
  sentiment: Sentiment;
  language: Locale;
  score: number;
}

/**
 * Lexicon-based polarity (@nlpjs/sentiment: SentiCon for English, Pattern for French and Dutch,
 * with negation). A text with no lexicon word scores 0 and is neutral.
 */
export async function classifySentiment(
  text: string,
  options: { language?: Locale | null; fallback: Locale },
): Promise<SentimentVerdict> {
  const language = options.language ?? detectLanguage(text, options.fallback);
  const { sentiment } = await analyzer().process({ locale: language, text });
  return { sentiment: sentiment.vote, language, score: sentiment.score };
}
