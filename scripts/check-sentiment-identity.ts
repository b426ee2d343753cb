/**
 * `npx tsx scripts/check-sentiment-identity.ts [revision] [--time turns]`: checks that the
 * sentiment code of the working tree gives exactly what the code of `revision` (default HEAD)
 * gives: every verdict's class, language, score and confidence bit for bit, and the features and
 * tokens training reads. For changes meant to speed scoring up without changing any output.
 *
 * The revision's src/ and data/ are extracted with `git archive` into a temporary directory and
 * imported beside the working tree's, in this one process. Texts, in this order:
 * - the 100,000 mentions of bench/sentiment.ts (drawn from the test splits, so texts repeat),
 *   language detected as there, in the benchmark's order (shared buffers and word caches are
 *   exercised as there);
 * - every labelled text of data/sentiment/<language>/ (train, dev, test, test-full), language
 *   given and detected with each fallback, plus `featurize` (own and borrowed) and `tokens`;
 * - the same texts altered (seeded): emoticons, emoji, URLs, handles, entities, hashtags, numbers,
 *   letter runs, apostrophes, letters outside the BMP, upper case, cut at random places; and a few
 *   edge cases written out.
 *
 * With `--time n`, the CPU time of scoring the benchmark's mentions, then of the same number of
 * distinct texts (every labelled text once, altered copies after), old and new code alternating, n
 * turns each: the one process sees the same machine for both.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

type Locale = "en" | "fr" | "nl";
const LOCALES: Locale[] = ["en", "fr", "nl"];
interface Verdict {
  sentiment: string;
  language: string;
  score: number;
  confidence: number;
}
interface Code {
  classifySentiment(text: string, options: { language?: Locale | null; fallback: Locale }): Promise<Verdict>;
  detectLanguage(text: string, fallback: Locale): Locale;
  featurize(
    text: string,
    language: Locale,
    options?: { borrowed?: boolean },
  ): { indices: Int32Array; values: Float32Array };
  tokens(text: string, language: Locale): string[];
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const timeAt = args.indexOf("--time");
const turns = timeAt >= 0 ? Number(args[timeAt + 1] ?? 3) : 0;
const revision = args.find((arg, i) => !arg.startsWith("--") && (timeAt < 0 || i !== timeAt + 1)) ?? "HEAD";

async function load(root: string): Promise<Code> {
  const at = (path: string) => pathToFileURL(join(root, path)).href;
  const sentiment = await import(at("src/insights/sentiment.ts"));
  const language = await import(at("src/insights/language.ts"));
  const features = await import(at("src/insights/sentiment-model/features.ts"));
  return {
    classifySentiment: sentiment.classifySentiment,
    detectLanguage: language.detectLanguage,
    featurize: features.featurize,
    tokens: features.tokens,
  };
}

function labelledTexts(language: Locale): string[] {
  const dir = join(ROOT, "data/sentiment", language);
  return readdirSync(dir)
    .filter((name) => /^(train|dev|test|test-full)\.tsv(\.gz)?$/.test(name))
    .sort()
    .flatMap((name) => {
      const bytes = readFileSync(join(dir, name));
      const text = name.endsWith(".gz") ? gunzipSync(bytes) : bytes;
      return text
        .toString("utf8")
        .split("\n")
        .filter((line) => line.includes("\t"))
        .map((line) => line.slice(line.indexOf("\t") + 1));
    });
}

/** bench/sentiment.ts's mentions, built the same way. */
function benchMentions(count: number): string[] {
  const fixture = JSON.parse(
    readFileSync(join(ROOT, "test/fixtures/insights/sentiment-labelled.json"), "utf8"),
  ) as Record<Locale, [string, string][]>;
  const pools = LOCALES.map((language) => [
    ...["test.tsv", "test-full.tsv"]
      .filter((name) => existsSync(join(ROOT, "data/sentiment", language, name)))
      .flatMap((name) =>
        readFileSync(join(ROOT, "data/sentiment", language, name), "utf8")
          .split("\n")
          .filter((line) => line.includes("\t"))
          .map((line) => line.slice(line.indexOf("\t") + 1)),
      ),
    ...fixture[language].map(([text]) => text),
  ]);
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const pool = pools[i % pools.length] as string[];
    out.push(pool[Math.floor(i / pools.length) % pool.length] as string);
  }
  return out;
}

/** A small seeded generator (mulberry32), so the altered texts are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const INSERTS = [
  " :) ",
  " :-( ",
  " ;P ",
  " <3 ",
  " ^_^ ",
  " D: ",
  " :S ",
  " =] ",
  "😀",
  "😡",
  "👍",
  "❤",
  "☹",
  "🤦",
  "🏳️‍🌈",
  " http://t.co/x1 ",
  " https://example.org/a?b=c ",
  " www.site.nl ",
  " HTTP ",
  " @someone ",
  "&amp;",
  "&lt;",
  "&gt;",
  "&amp;lt;",
  " #happy",
  "#Très",
  " 12,5 ",
  " 3.000 ",
  " ½ ",
  " ٣ ",
  "soooo",
  "NOOOO",
  "!!!",
  "???",
  "?!",
  " ... ",
  " isn't ",
  " don’t ",
  " l'hôtel ",
  " n'est pas ",
  " d’accord ",
  " niet ",
  " geen ",
  " not ",
  " pas ",
  " 𝐚𝐚𝐚𝐚 ",
  " 𝒷𝒷𝒷 ",
  " ǅǅǅ ",
  " ééé ",
  " constructor ",
  " __proto__ ",
  " toString ",
  " neg_good ",
  "\t",
  "\n",
  " ",
  "-",
  "'",
  "’",
  "(",
  ")",
  ";",
  ":",
  ",",
  ".",
  "\u0301",
  "\u200d",
  "\ufe0f",
];
function altered(texts: readonly string[], seed: number): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return texts.map((text) => {
    let out = text;
    for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
      const at = Math.floor(next() * (out.length + 1));
      const choice = next();
      if (choice < 0.7) out = out.slice(0, at) + pick(INSERTS) + out.slice(at);
      else if (choice < 0.8) out = out.toUpperCase();
      else if (choice < 0.9) out = out.slice(0, at);
      else out = out.slice(at);
    }
    return out;
  });
}
const EDGE_CASES = [
  "",
  " ",
  "!",
  "?!?!",
  "...",
  ":)",
  "😀",
  "😀😀😀",
  "a",
  "é",
  "0",
  "n't",
  "'",
  "l'",
  "constructor",
  "hasOwnProperty",
  "not",
  "niet goed",
  "pas bon du tout",
  "NOT GOOD!!!",
  "sooooo gooood",
  "aaaaaaa",
  "𝐚𝐚𝐚",
  "x".repeat(5000),
  "word ".repeat(2000),
  "😀".repeat(300),
  "The café's crème brûlée was ok",
  "Het was heerlijk, echt waar",
];

let failures = 0;
function differ(what: string, text: string, old: unknown, now: unknown): void {
  if (failures++ < 20)
    console.error(
      `DIFFERS ${what} ${JSON.stringify(text.slice(0, 120))}: ${JSON.stringify(old)} → ${JSON.stringify(now)}`,
    );
}
function sameVerdict(a: Verdict, b: Verdict): boolean {
  return (
    a.sentiment === b.sentiment &&
    a.language === b.language &&
    Object.is(a.score, b.score) &&
    Object.is(a.confidence, b.confidence)
  );
}
function sameVector(a: { indices: Int32Array; values: Float32Array }, b: typeof a): boolean {
  if (a.indices.length !== b.indices.length || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.indices.length; i++)
    if (a.indices[i] !== b.indices[i] || !Object.is(a.values[i], b.values[i])) return false;
  return true;
}

async function compareVerdicts(
  label: string,
  texts: readonly string[],
  options: (text: string) => { language?: Locale | null; fallback: Locale },
  old: Code,
  now: Code,
): Promise<void> {
  // Each side runs the whole list on its own, as a scoring run would, then the lists are compared.
  const before: Verdict[] = [];
  for (const text of texts) before.push(await old.classifySentiment(text, options(text)));
  const after: Verdict[] = [];
  for (const text of texts) after.push(await now.classifySentiment(text, options(text)));
  let differing = 0;
  texts.forEach((text, i) => {
    if (!sameVerdict(before[i] as Verdict, after[i] as Verdict)) {
      differing++;
      differ(label, text, before[i], after[i]);
    }
  });
  console.log(`${label}: ${texts.length} verdicts, ${differing} differ`);
}

function compareFeatures(language: Locale, texts: readonly string[], old: Code, now: Code): void {
  let differing = 0;
  for (const text of texts) {
    for (const borrowed of [false, true])
      if (
        !sameVector(old.featurize(text, language, { borrowed }), now.featurize(text, language, { borrowed }))
      ) {
        differing++;
        differ(`featurize ${language}${borrowed ? " borrowed" : ""}`, text, "", "");
      }
    const a = old.tokens(text, language);
    const b = now.tokens(text, language);
    if (a.length !== b.length || a.some((token, i) => token !== b[i])) {
      differing++;
      differ(`tokens ${language}`, text, a, b);
    }
    for (const fallback of LOCALES) {
      const x = old.detectLanguage(text, fallback);
      const y = now.detectLanguage(text, fallback);
      if (x !== y) {
        differing++;
        differ(`detectLanguage (fallback ${fallback})`, text, x, y);
      }
    }
  }
  console.log(
    `${language}: features, tokens and detected language of ${texts.length} texts, ${differing} differ`,
  );
}

async function cpuSeconds(code: Code, texts: readonly string[]): Promise<number> {
  const start = process.cpuUsage();
  for (const text of texts) await code.classifySentiment(text, { fallback: "en" });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-sentiment-"));
  try {
    execFileSync("sh", ["-c", `git archive "$1" src data | tar -x -C "$2"`, "sh", revision, dir], {
      cwd: ROOT,
    });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    const old = await load(dir);
    const now = await load(ROOT);
    const mentions = benchMentions(100_000);
    const perLanguage = LOCALES.map((language) => ({ language, texts: labelledTexts(language) }));
    const changed = perLanguage.map(({ language, texts }, i) => ({ language, texts: altered(texts, 1 + i) }));

    if (turns > 0) {
      // Each language's distinct texts, taken in turn as the benchmark's are until a language runs
      // out: French and Dutch have a few thousand each, so English weighs more here.
      const pools = LOCALES.map((_, i) => [
        ...new Set([...(perLanguage[i]?.texts ?? []), ...(changed[i]?.texts ?? [])]),
      ]);
      const unique: string[] = [];
      const seen = new Set<string>();
      for (let k = 0; unique.length < mentions.length && pools.some((pool) => k < pool.length); k++)
        for (const pool of pools) {
          const text = pool[k];
          if (text !== undefined && !seen.has(text) && unique.length < mentions.length) {
            seen.add(text);
            unique.push(text);
          }
        }
      console.log(
        `timing: ${mentions.length} benchmark mentions (${new Set(mentions).size} distinct), then ${unique.length} distinct texts (${pools.map((pool, i) => `${LOCALES[i]} ${pool.filter((text) => seen.has(text)).length}`).join(", ")})`,
      );
      await cpuSeconds(old, mentions.slice(0, 2000));
      await cpuSeconds(now, mentions.slice(0, 2000));
      for (const [label, texts] of [
        ["benchmark mentions", mentions],
        ["distinct texts", unique],
      ] as const)
        for (let turn = 0; turn < turns; turn++) {
          const before = await cpuSeconds(old, texts);
          const after = await cpuSeconds(now, texts);
          console.log(
            `${label}, turn ${turn + 1}: ${revision} ${before.toFixed(2)} s CPU, working tree ${after.toFixed(2)} s (${((1 - after / before) * 100).toFixed(1)}% less)`,
          );
        }
    }

    await compareVerdicts(
      "benchmark mentions, language detected",
      mentions,
      () => ({ fallback: "en" }),
      old,
      now,
    );
    for (const { language, texts } of [...perLanguage, ...changed]) {
      await compareVerdicts(
        `${language}, language given`,
        texts,
        () => ({ language, fallback: language }),
        old,
        now,
      );
      await compareVerdicts(
        `${language}, language detected`,
        texts,
        () => ({ fallback: language }),
        old,
        now,
      );
      compareFeatures(language, texts, old, now);
    }
    for (const language of LOCALES) {
      await compareVerdicts(
        `edge cases, ${language}`,
        EDGE_CASES,
        () => ({ language, fallback: language }),
        old,
        now,
      );
      compareFeatures(language, EDGE_CASES, old, now);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(`${failures} differences`);
    process.exit(1);
  }
  console.log(`identical to ${revision}`);
}

await main();
