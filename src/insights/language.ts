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

/** A word: a letter, then letters, apostrophes and hyphens. */
const WORD = /\p{L}[\p{L}'’-]*/gu;
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
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
  const lower = text.toLowerCase();
  const owners = stopwordOwners();
  // Per locale, in LOCALES order: each sum is added to in the order of the text's words.
  const scores = new Float64Array(LOCALES.length);
  for (const word of lower.match(WORD) ?? []) {
    // An elided article or pronoun ("l'", "d'"…) is dropped: "l'hôtel" counts as "hôtel".
    const second = word.charCodeAt(1);
    const first = word.charCodeAt(0);
    const token = (second === 39 || second === 0x2019) && first >= 97 && first <= 122 ? word.slice(2) : word;
    const mask = owners.get(token);
    if (mask === undefined) continue;
    const share = 1 / (OWNER_COUNT[mask] as number);
    for (let i = 0; i < LOCALES.length; i++) if (mask & (1 << i)) scores[i] = (scores[i] as number) + share;
  }
  let best = fallback;
  let bestScore = 0;
  for (let i = 0; i < LOCALES.length; i++) {
    const locale = LOCALES[i] as Locale;
    const score =
      (scores[i] as number) + SPELLING_CUE_WEIGHT * (lower.match(SPELLING_CUES[locale])?.length ?? 0);
    if (score > bestScore) {
      best = locale;
      bestScore = score;
    }
  }
  return best;
}

/** How many locales a bit mask of locales names. */
const OWNER_COUNT = Array.from({ length: 1 << LOCALES.length }, (_, mask) =>
  LOCALES.reduce((n, _locale, i) => n + ((mask >> i) & 1), 0),
);
/** Each stop word of any locale → the bit mask (bit i: LOCALES[i]) of the locales that list it. */
let ownersOfStopwords: Map<string, number> | undefined;
function stopwordOwners(): Map<string, number> {
  if (!ownersOfStopwords) {
    const owners = new Map<string, number>();
    ownersOfStopwords = owners;
    for (let i = 0; i < LOCALES.length; i++)
      for (const word of stopwords(LOCALES[i] as Locale))
        owners.set(word, (owners.get(word) ?? 0) | (1 << i));
  }
  return ownersOfStopwords;
}
