import { LOCALES } from "../domain/workspace.js";
import { stopwords, words } from "./language.js";
import type { PostMetricRow } from "./post-metrics.js";

/** A post as the statistics see it: its network (the stratum), its metric and its traits. */
export interface PostObservation {
  post_id: string;
  network: string;
  value: number;
  /** Trait → the values the post has; a trait the post cannot have (no text) is absent. */
  features: Record<string, string[]>;
}

const YES_NO = ["hashtags", "mentions", "question", "emoji", "link", "media", "paid"] as const;

/** Yes/no traits: only "yes" is compared, "no" being the same comparison upside down. */
export const YES_NO_FEATURES: ReadonlySet<string> = new Set(YES_NO);

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MEDIA_TYPES = new Set([
  "photo",
  "image",
  "video",
  "carousel",
  "album",
  "reel",
  "story",
  "gif",
  "document",
]);
const TEXT_MARKERS = {
  hashtags: /#[\p{L}\p{N}_]+/u,
  mentions: /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+/u,
  question: /[?？]/u,
  emoji: /\p{Extended_Pictographic}/u,
  link: /https?:\/\/|www\./i,
} as const;
const TOPIC_NOISE = /#[\p{L}\p{N}_]+|@[\p{L}\p{N}_.]+|https?:\/\/\S+|www\.\S+/gu;

function yesNo(present: boolean): string[] {
  return [present ? "yes" : "no"];
}

function textLengthBucket(text: string): string {
  const length = [...text].length;
  if (length < 80) return "short (<80)";
  if (length < 200) return "medium (80-199)";
  return "long (200+)";
}

let allStopwords: ReadonlySet<string> | undefined;
function isStopword(word: string): boolean {
  allStopwords ??= new Set(LOCALES.flatMap((locale) => [...stopwords(locale)]));
  return allStopwords.has(word) || allStopwords.has(word.replace(/^[a-z]['’]/, ""));
}

function topicTerms(text: string): Set<string> {
  return new Set(words(text.replace(TOPIC_NOISE, " ")).filter((w) => [...w].length >= 3 && !isStopword(w)));
}

/**
 * The terms that name topics: the most frequent words (stop words of English, French and Dutch
 * removed) used in at least `minPosts` posts, so a rare word never becomes a driver by chance alone.
 */
function frequentTerms(termsPerPost: Set<string>[], minPosts: number, limit: number): Set<string> {
  const counts = new Map<string, number>();
  for (const terms of termsPerPost) for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const frequent = [...counts].filter(([, n]) => n >= minPosts && n < termsPerPost.length);
  frequent.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return new Set(frequent.slice(0, limit).map(([term]) => term));
}

export function observePosts(
  rows: readonly PostMetricRow[],
  options: { minGroup: number; topicLimit: number },
): PostObservation[] {
  const measured = rows.filter((r): r is PostMetricRow & { value: number } => r.value !== null);
  const terms = measured.map((r) => (r.text ? topicTerms(r.text) : undefined));
  const topics = frequentTerms(
    terms.filter((t) => t !== undefined),
    options.minGroup,
    options.topicLimit,
  );
  return measured.map((row, index) => {
    const features: Record<string, string[]> = {
      network: [row.network],
      weekday: [WEEKDAYS[row.weekday - 1] ?? String(row.weekday)],
      hour: [String(row.hour).padStart(2, "0")],
      campaign: [row.campaign ?? "(none)"],
    };
    if (row.type) {
      features["type"] = [row.type];
      features["media"] = yesNo(MEDIA_TYPES.has(row.type));
    }
    if (row.paid !== null) features["paid"] = yesNo(row.paid > 0);
    const postTerms = terms[index];
    if (row.text && postTerms) {
      features["text_length"] = [textLengthBucket(row.text)];
      for (const [feature, pattern] of Object.entries(TEXT_MARKERS))
        features[feature] = yesNo(pattern.test(row.text));
      features["topic"] = [...postTerms].filter((t) => topics.has(t));
    }
    return { post_id: row.post_id, network: row.network, value: row.value, features };
  });
}
