/**
 * Attribution benchmark: `npx tsx bench/attribution.ts [touchpoints]` (default 10,000,000).
 * Generates its inputs into bench/out/ (git-ignored), then times reading + grouping alone against reading +
 * grouping + every model, and writes the results table to bench/attribution.md.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import type { AggregatedPaths } from "../src/attribution/aggregate.js";
import { computeAttribution } from "../src/attribution/index.js";
import { markovModel } from "../src/attribution/markov.js";
import { readEventLog, readPathTable } from "../src/attribution/read.js";

const OUT = "bench/out";
const EXAMPLE_PATHS = "/work/shared/data/attribution/channelattribution_Data.csv";
const PATH_ROWS = 1_000_000;
const TOUCHPOINTS = Number(process.argv[2] ?? 10_000_000);
const CHANNELS = ["facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "pinterest"].concat([
  "email",
  "organic_search",
  "paid_search",
  "referral",
  "direct",
]);

async function writeLines(file: string, header: string, lines: () => Generator<string>): Promise<void> {
  const stream = createWriteStream(file);
  const write = (text: string) =>
    stream.write(text) ? Promise.resolve() : new Promise<void>((resolve) => stream.once("drain", resolve));
  await write(`${header}\n`);
  let batch: string[] = [];
  for (const line of lines()) {
    batch.push(line);
    if (batch.length === 10_000) {
      await write(`${batch.join("\n")}\n`);
      batch = [];
    }
  }
  if (batch.length) await write(`${batch.join("\n")}\n`);
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function generatePathTable(file: string): Promise<void> {
  const rows: string[] = [];
  let header = "";
  for await (const line of createInterface({ input: createReadStream(EXAMPLE_PATHS) })) {
    if (header) rows.push(line);
    else header = line;
  }
  await writeLines(file, header, function* () {
    for (let i = 0; i < PATH_ROWS; i++) yield rows[i % rows.length]!;
  });
}

/** Seeded so every run measures the same file. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Customers of 1–15 touches, rows in shuffled time order within a customer, ~4% of rows are conversions. */
async function generateEventLog(file: string, touchpoints: number): Promise<void> {
  const next = random(42);
  const channel = () => CHANNELS[Math.floor(next() ** 2 * CHANNELS.length)]!;
  await writeLines(file, "customer_id,time,interaction,conversion,conversion_value,channel", function* () {
    let written = 0;
    for (let customer = 0; written < touchpoints; customer++) {
      const count = Math.min(touchpoints - written, 1 + Math.floor(next() * 15));
      let time = Date.UTC(2024, 0, 1) + Math.floor(next() * 300) * 86_400_000;
      const rows: string[] = [];
      for (let i = 0; i < count; i++) {
        time += Math.floor(next() * 72 * 3_600_000);
        const converts = next() < 0.04;
        const value = converts ? (10 + Math.floor(next() * 900) / 10).toFixed(1) : "0";
        const kind = converts ? "conversion,1" : "impression,0";
        rows.push(`C${customer},${new Date(time).toISOString()},${kind},${value},${channel()}`);
      }
      rows.sort(() => next() - 0.5);
      yield* rows;
      written += count;
    }
  });
}

interface Measured<T> {
  result: T;
  seconds: number;
  peakRssMb: number;
}

async function measure<T>(work: () => Promise<T> | T): Promise<Measured<T>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, peakRssMb: peak / 2 ** 20 };
}

interface Row {
  input: string;
  step: string;
  rows: number;
  uniquePaths: number;
  seconds: number;
  peakRssMb: number;
  ratio: string;
}

async function benchFile(
  input: string,
  rowCount: number,
  read: () => Promise<AggregatedPaths>,
): Promise<Row[]> {
  // Untimed warm-up, so the first measurement does not also pay for JIT compilation.
  await read();
  const grouped = await measure(read);
  const full = await measure(async () => computeAttribution(await read()));
  const uniquePaths = grouped.result.paths.length;
  const row = (step: string, m: Measured<unknown>, ratio: string): Row => ({
    input,
    step,
    rows: rowCount,
    uniquePaths,
    seconds: m.seconds,
    peakRssMb: m.peakRssMb,
    ratio,
  });
  const modelsOnly = await measure(() => computeAttribution(grouped.result));
  const ratio = (m: Measured<unknown>) => `${(m.seconds / grouped.seconds).toFixed(2)}×`;
  const rows = [
    row("read + group", grouped, "1.00×"),
    row("read + group + all 8 models (markov order 1)", full, ratio(full)),
    row("all 8 models alone (on grouped paths)", modelsOnly, ratio(modelsOnly)),
  ];
  for (const order of [2, 3, 4]) {
    const markov = await measure(() => markovModel(grouped.result, order));
    rows.push(row(`markov order ${order} alone (on grouped paths)`, markov, "—"));
  }
  return rows;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const results: Row[] = [];
  const notes: string[] = [];

  if (existsSync(EXAMPLE_PATHS)) {
    const pathFile = `${OUT}/paths_1m.csv`;
    const generated = await measure(() => generatePathTable(pathFile));
    notes.push(
      `Generated ${pathFile} (${(statSync(pathFile).size / 2 ** 20).toFixed(0)} MB) in ${generated.seconds.toFixed(1)} s.`,
    );
    results.push(...(await benchFile("path table, example ×100", PATH_ROWS, () => readPathTable(pathFile))));
  } else {
    notes.push(`${EXAMPLE_PATHS} absent: path-table benchmark skipped.`);
  }

  const eventFile = `${OUT}/events_${TOUCHPOINTS}.csv`;
  const generated = await measure(() => generateEventLog(eventFile, TOUCHPOINTS));
  notes.push(
    `Generated ${eventFile} (${(statSync(eventFile).size / 2 ** 20).toFixed(0)} MB) in ${generated.seconds.toFixed(1)} s.`,
  );
  results.push(...(await benchFile("generated event log", TOUCHPOINTS, () => readEventLog(eventFile))));

  const machine = `${execFileSync("uname", ["-m"]).toString().trim()}, ${availableParallelism()} cores (nproc), node ${process.version}`;
  const table = [
    "| input | step | rows | unique paths | seconds | rows/s | peak RSS (MB) | vs read + group |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.input} | ${r.step} | ${r.rows.toLocaleString("en")} | ${r.uniquePaths.toLocaleString("en")} | ${r.seconds.toFixed(2)} | ${r.step.includes("alone") ? "—" : Math.round(r.rows / r.seconds).toLocaleString("en")} | ${r.peakRssMb.toFixed(0)} | ${r.ratio} |`,
    ),
  ].join("\n");
  const report = `# Attribution benchmark\n\nMachine: ${machine}. Command: \`npx tsx bench/attribution.ts\`.\n\n${table}\n\n${notes.join("\n")}\n`;
  console.log(report);
  writeFileSync("bench/attribution.md", report);
}

await main();
