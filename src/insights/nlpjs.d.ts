// @nlpjs ships no type declarations; these cover the few members socialroi uses.
declare module "@nlpjs/sentiment" {
  export interface SentimentResult {
    score: number;
    numWords: number;
    numHits: number;
    vote: "positive" | "neutral" | "negative";
  }
  /**
   * Stop words have a `dictionary`; a language's sentiment resource has one lexicon (stem → score);
   * a stemmer has `stemWord`.
   */
  export interface NlpResource {
    stemWord?(word: string): string;
    dictionary?: Record<string, unknown>;
    senticon?: Record<string, number>;
    pattern?: Record<string, number>;
    afinn?: Record<string, number>;
  }
  export interface NlpContainer {
    use(plugin: unknown): void;
    get(name: string): NlpResource | undefined;
  }
  export class SentimentAnalyzer {
    container: NlpContainer;
    process(input: { locale: string; text: string }): Promise<{ sentiment: SentimentResult }>;
  }
}
declare module "@nlpjs/lang-en" {
  export const LangEn: unknown;
}
declare module "@nlpjs/lang-fr" {
  export const LangFr: unknown;
}
declare module "@nlpjs/lang-nl" {
  export const LangNl: unknown;
}
