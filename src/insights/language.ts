import { LangEn } from "@nlpjs/lang-en";
import { LangFr } from "@nlpjs/lang-fr";
import { LangNl } from "@nlpjs/lang-nl";
import { SentimentAnalyzer } from "@nlpjs/sentiment";
import { LOCALES, type Locale } from "../domain/workspace.js";

/** One analyzer for the process: loading the three lexicons takes longer than scoring thousands of texts. */
let shared: SentimentAnalyzer | undefined;
export function analyzer(): SentimentAnalyzer {
  if (!shared) {
    shared = new SentimentAnalyzer();
    for (const language of [LangEn, LangFr, LangNl]) shared.container.use(language);
    // The lexicons are plain objects read by word: a text with "constructor" or "toString" got
    // Object.prototype's function as that word's score, and a NaN verdict whatever its other words.
    for (const locale of LOCALES) {
      const resource = shared.container.get(`sentiment-${locale}`);
      for (const lexicon of [resource?.senticon, resource?.pattern, resource?.afinn])
        if (lexicon) Object.setPrototypeOf(lexicon, null);
    }
  }
  return shared;
}

const stopwordCache = new Map<Locale, ReadonlySet<string>>();
export function stopwords(locale: Locale): ReadonlySet<string> {
  let words = stopwordCache.get(locale);
  if (!words) {
    words = new Set(Object.keys(analyzer().container.get(`stopwords-${locale}`)?.dictionary ?? {}));
    stopwordCache.set(locale, words);
  }
  return words;
}

export function words(text: string): string[] {
  return text.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? [];
}

/**
 * The language whose stop words a text uses most: short social texts are nearly always in one
 * language, and stop words are their most frequent words, so this is cheap and good enough to
 * pick a lexicon. Ties and texts without stop words keep the fallback (the workspace locale).
 */
export function detectLanguage(text: string, fallback: Locale): Locale {
  const tokens = words(text).map((w) => w.replace(/^[a-z]['’]/, ""));
  let best = fallback;
  let bestHits = 0;
  for (const locale of LOCALES) {
    const list = stopwords(locale);
    const hits = tokens.filter((t) => list.has(t)).length;
    if (hits > bestHits) {
      best = locale;
      bestHits = hits;
    }
  }
  return best;
}
