/**
 * Attribution benchmark: `npx tsx bench/attribution.ts [touchpoints] [turns]` (defaults 10,000,000 and 5).
 * Generates its inputs into bench/out/ (git-ignored), then times attribution from a file end to end
 * (DuckDB reads and groups it, then all 8 models run) against DuckDB's own `read_csv` + group of the
 * same file (the ceiling), in alternating turns, each turn in a process of its own so its peak RSS is
 * its own; writes the results table to bench/attribution.md. An untimed golden check last: socialroi's
 * unique paths of both files against the JavaScript reader it replaced, every field to 1e-9.
 * `ATTRIBUTION_BENCH_INPUTS=events` (or `paths`) measures one input alone.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { createInterface } from "node:readline";
import { z } from "zod";
import type { AggregatedPaths } from "../src/attribution/aggregate.js";
import { computeAttribution } from "../src/attribution/index.js";
import { readEventLog, readPathTable } from "../src/attribution/read.js";
import { openStore } from "../src/store/open-store.js";
import { defineQuery, runQuery } from "../src/store/query.js";
import { assertSameReport } from "../test/attribution/helpers.js";
import * as oracle from "../test/attribution/js-reader.js";
import { median } from "./figures.js";

const OUT = "bench/out";
const EXAMPLE_PATHS = "/work/shared/data/attribution/channelattribution_Data.csv";
const PATH_ROWS = 1_000_000;
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

type Kind = "paths" | "events";
type Step = "socialroi" | "ceiling";

/** DuckDB alone: `read_csv` with its own detection and one grouping into unique paths (bound file path). */
const CEILING = {
  paths: defineQuery("bench/ceiling-paths", z.object({ unique_paths: z.number() }), {
    duckdb: `SELECT count(*) AS unique_paths FROM (
        SELECT path, sum(total_conversions), sum(total_conversion_value), sum(total_null)
        FROM read_csv($file_path, header = true) GROUP BY path)`,
  }),
  events: defineQuery("bench/ceiling-events", z.object({ unique_paths: z.number() }), {
    duckdb: `SELECT count(*) AS unique_paths FROM (
        SELECT path, sum(conversions), sum(value) FROM (
          SELECT string_agg(channel, '>' ORDER BY time) AS path, sum(conversion) AS conversions,
            sum(conversion_value) AS value
          FROM read_csv($file_path, header = true) GROUP BY customer_id)
        GROUP BY path)`,
  }),
};

interface Turn {
  seconds: number;
  /** Reading and grouping alone, and the models alone (socialroi turns). */
  readSeconds?: number;
  modelSeconds?: number;
  uniquePaths: number;
  peakRssMb: number;
}

/** One measured turn, run in this process (started by `runTurn` with `--turn`). */
async function turn(kind: Kind, file: string, step: Step): Promise<Turn> {
  const started = performance.now();
  const store = await openStore(":memory:");
  let result: Omit<Turn, "seconds" | "peakRssMb">;
  try {
    if (step === "ceiling") {
      const [row] = await runQuery(store, CEILING[kind], { file_path: file });
      result = { uniquePaths: row!.unique_paths };
    } else {
      const read = performance.now();
      const aggregated =
        kind === "paths" ? await readPathTable(store, file) : await readEventLog(store, file);
      const models = performance.now();
      computeAttribution(aggregated);
      result = {
        uniquePaths: aggregated.paths.length,
        readSeconds: (models - read) / 1000,
        modelSeconds: (performance.now() - models) / 1000,
      };
    }
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { ...result, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * The JavaScript reader keeps every unique path as objects (864k for the 10M log), and every customer
 * when rows are not grouped by customer: it gets room beyond Node's default heap.
 */
const ORACLE_HEAP_MB = 8192;

/**
 * The golden check (`--golden`, untimed): socialroi's AggregatedPaths against the JavaScript reader it
 * replaced (test/attribution/js-reader.ts), every field to 1e-9; "identical" or the first difference.
 */
async function golden(kind: Kind, file: string): Promise<string> {
  const store = await openStore(":memory:");
  let actual: AggregatedPaths;
  try {
    actual = kind === "paths" ? await readPathTable(store, file) : await readEventLog(store, file);
  } finally {
    await store.close();
  }
  const expected = kind === "paths" ? await oracle.readPathTable(file) : await oracle.readEventLog(file);
  try {
    assertSameReport(actual, expected, "AggregatedPaths");
    return `identical to the JavaScript reader to 1e-9 (${expected.paths.length.toLocaleString("en")} unique paths, every field)`;
  } catch (error) {
    return `DIFFERENT from the JavaScript reader: ${firstLine((error as Error).message)}`;
  }
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

/** Runs this script with `args` in a process of its own; its last output line is its JSON result. */
function runChild<T>(args: string[], nodeOptions: string[] = []): T {
  const output = execFileSync(
    process.execPath,
    [...nodeOptions, ...process.execArgv, process.argv[1]!, ...args],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output.trim().split("\n").at(-1)!) as T;
}

function runTurn(kind: Kind, file: string, step: Step): Turn {
  return runChild<Turn>(["--turn", kind, file, step]);
}

interface Summary {
  input: string;
  rows: number;
  step: string;
  turns: Turn[];
}

async function benchFile(
  input: string,
  kind: Kind,
  file: string,
  rows: number,
  turns: number,
): Promise<Summary[]> {
  const measured: Record<Step, Turn[]> = { socialroi: [], ceiling: [] };
  const steps: Step[] = ["ceiling", "socialroi"];
  // An untimed turn of each first (the file into the page cache), then turns in rotating order.
  for (const step of steps) runTurn(kind, file, step);
  for (let i = 0; i < turns; i++) {
    const order = [...steps.slice(i % steps.length), ...steps.slice(0, i % steps.length)];
    for (const step of order) measured[step].push(runTurn(kind, file, step));
  }
  return [
    { input, rows, step: "DuckDB alone: read_csv + group (the ceiling)", turns: measured.ceiling },
    { input, rows, step: "socialroi: read + group + all 8 models", turns: measured.socialroi },
  ];
}

const range = (values: number[], digits: number) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

function table(summaries: Summary[]): string {
  const lines = [
    "| input | step | rows | unique paths | seconds: median (min–max) | read + group alone | models alone | peak RSS MB: median (max) | vs ceiling (medians) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const summary of summaries) {
    const ceiling = summaries.find((s) => s.input === summary.input && s.step.startsWith("DuckDB"))!;
    const seconds = summary.turns.map((t) => t.seconds);
    const optional = (pick: (t: Turn) => number | undefined) => {
      const values = summary.turns.map(pick).filter((v) => v !== undefined);
      return values.length ? range(values, 2) : "—";
    };
    const rss = summary.turns.map((t) => t.peakRssMb);
    lines.push(
      `| ${summary.input} | ${summary.step} | ${summary.rows.toLocaleString("en")} | ${summary.turns[0]!.uniquePaths.toLocaleString("en")} | ${range(seconds, 2)} | ${optional((t) => t.readSeconds)} | ${optional((t) => t.modelSeconds)} | ${median(rss).toFixed(0)} (${Math.max(...rss).toFixed(0)}) | ${(median(seconds) / median(ceiling.turns.map((t) => t.seconds))).toFixed(2)}× |`,
    );
  }
  return lines.join("\n");
}

function goldenNote(file: string, kind: Kind): string {
  const verdict = runChild<string>(["--golden", kind, file], [`--max-old-space-size=${ORACLE_HEAP_MB}`]);
  return `Golden check, ${file} (untimed, in a process of its own with --max-old-space-size=${ORACLE_HEAP_MB}): ${verdict}.`;
}

async function main(): Promise<void> {
  const touchpoints = Number(process.argv[2] ?? 10_000_000);
  const turns = Number(process.argv[3] ?? 5);
  mkdirSync(OUT, { recursive: true });
  const summaries: Summary[] = [];
  const notes: string[] = [];
  const checked: { file: string; kind: Kind }[] = [];
  const loadBefore = loadavg();
  const inputs = process.env["ATTRIBUTION_BENCH_INPUTS"] ?? "paths,events";

  if (!inputs.includes("paths")) notes.push("Path table not measured (ATTRIBUTION_BENCH_INPUTS).");
  else if (existsSync(EXAMPLE_PATHS)) {
    const pathFile = `${OUT}/paths_1m.csv`;
    if (!existsSync(pathFile)) await generatePathTable(pathFile);
    notes.push(`${pathFile}: ${(statSync(pathFile).size / 2 ** 20).toFixed(0)} MB.`);
    summaries.push(...(await benchFile("path table, example ×100", "paths", pathFile, PATH_ROWS, turns)));
    checked.push({ file: pathFile, kind: "paths" });
  } else notes.push(`${EXAMPLE_PATHS} absent: path-table benchmark skipped.`);

  if (inputs.includes("events")) {
    const eventFile = `${OUT}/events_${touchpoints}.csv`;
    if (!existsSync(eventFile)) await generateEventLog(eventFile, touchpoints);
    notes.push(`${eventFile}: ${(statSync(eventFile).size / 2 ** 20).toFixed(0)} MB.`);
    summaries.push(...(await benchFile("generated event log", "events", eventFile, touchpoints, turns)));
    checked.push({ file: eventFile, kind: "events" });
  }

  const loadAfter = loadavg();
  // After the timed turns and the load average: the JavaScript reader takes a core for minutes.
  for (const { file, kind } of checked) notes.push(goldenNote(file, kind));
  const machine = `${execFileSync("uname", ["-m"]).toString().trim()}, ${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores (nproc), ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}`;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(", ");
  const report = [
    "# Attribution benchmark",
    "",
    `Machine: ${machine}. Command: \`npx tsx bench/attribution.ts ${touchpoints} ${turns}\`, ${new Date().toISOString()}.`,
    `Load average (1, 5, 15 min) before: ${load(loadBefore)}; after: ${load(loadAfter)}.`,
    "",
    `Each turn is a process of its own (an in-memory DuckDB, default settings); ${turns} turns of each step,`,
    "in rotating order, after one untimed turn of each. Seconds are the turn's work (opening the store included);",
    "peak RSS is the turn's whole process (`process.resourceUsage().maxRSS`).",
    "",
    table(summaries),
    "",
    notes.join("\n"),
    "",
  ].join("\n");
  console.log(report);
  writeFileSync("bench/attribution.md", report);
}

if (process.argv[2] === "--turn") {
  const [kind, file, step] = process.argv.slice(3) as [Kind, string, Step];
  console.log(JSON.stringify(await turn(kind, file, step)));
} else if (process.argv[2] === "--golden") {
  const [kind, file] = process.argv.slice(3) as [Kind, string];
  console.log(JSON.stringify(await golden(kind, file)));
} else {
  await main();
}
