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
 * Spelling that marks a language even in a post of three words without a stop word of its own:
 * French accents and endings, Dutch vowel pairs and endings, English "th" and endings.
 */
const SPELLING_CUES: Record<Locale, RegExp> = {
  en: /\b(th\w*|\w+ing|\w+ly)\b/g,
  fr: /[éèêàçùûôî]|\b\w+(eux|ment|tion|ait)\b/g,
  nl: /ij|oe|aa|uu|sch|\b\w+(lijk|heid|en)\b/g,
};
const SPELLING_CUE_WEIGHT = 0.25;

/**
 * The language whose stop words a text uses most: short social texts are nearly always in one
 * language, and stop words are their most frequent words, so this is cheap. A stop word of several
 * languages ("de", "en" are French and Dutch) counts for each in part, and spelling cues break
 * ties; measured on the project's labelled set, Dutch was found 24 times in 33 by stop words
 * alone and 29 with both (bench/README.md, sentiment). Texts without any sign keep the fallback
 * (the workspace locale).
 */
export function detectLanguage(text: string, fallback: Locale): Locale {
  const tokens = words(text).map((w) => w.replace(/^[a-z]['’]/, ""));
  const scores = new Map<Locale, number>(LOCALES.map((locale) => [locale, 0]));
  const lists = LOCALES.map((locale) => stopwords(locale));
  for (const token of tokens) {
    let owners = 0;
    for (const list of lists) if (list.has(token)) owners++;
    if (owners === 0) continue;
    LOCALES.forEach((locale, i) => {
      if (lists[i]?.has(token)) scores.set(locale, (scores.get(locale) ?? 0) + 1 / owners);
    });
  }
  const lower = text.toLowerCase();
  for (const locale of LOCALES)
    scores.set(
      locale,
      (scores.get(locale) ?? 0) + SPELLING_CUE_WEIGHT * (lower.match(SPELLING_CUES[locale])?.length ?? 0),
    );
  let best = fallback;
  let bestScore = 0;
  for (const [locale, score] of scores)
    if (score > bestScore) {
      best = locale;
      bestScore = score;
    }
  return best;
}
