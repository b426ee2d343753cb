import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { arch, cpus } from "node:os";
import { join } from "node:path";
import { importFile } from "../src/ingest/import-file.js";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../src/store/workspaces.js";

/**
 * 1,000,000 tweets in X's classic 40-column analytics format, imported with importFile next to DuckDB's
 * own read_csv of the same file, in the same process, with peak memory sampled throughout.
 */
const ROWS = Number(process.env.ROWS ?? 1_000_000);
const OUT = join(import.meta.dirname, "out");
const FILE = join(OUT, "tweet_activity_metrics_bench_20240101_20240201_en.csv");
const METRICS = [
  "user profile clicks",
  "url clicks",
  "hashtag clicks",
  "detail expands",
  "permalink clicks",
  "app opens",
  "app installs",
  "follows",
  "email tweet",
  "dial phone",
  "media views",
  "media engagements",
];
const HEADER = [
  "Tweet id",
  "Tweet permalink",
  "Tweet text",
  "time",
  "impressions",
  "engagements",
  "engagement rate",
  "retweets",
  "replies",
  "likes",
  ...METRICS,
  ...["impressions", "engagements", "engagement rate", "retweets", "replies", "likes", ...METRICS].map(
    (m) => `promoted ${m}`,
  ),
];

async function generate(): Promise<void> {
  const out = createWriteStream(FILE);
  const quote = (values: string[]) => `${values.map((v) => `"${v.replaceAll('"', '""')}"`).join(",")}\n`;
  out.write(quote(HEADER));
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const id = String(1_740_000_000_000_000_000n + BigInt(i));
    const impressions = 100 + ((i * 7919) % 20000);
    const engagements = (i * 31) % 400;
    const time = new Date(start + ((i * 2671) % (31 * 86400)) * 1000)
      .toISOString()
      .slice(0, 16)
      .replace("T", " ");
    const text =
      i % 10 === 0
        ? `Thread ${i}: "quoted" part\n\nsecond line #rstats https://t.co/x${i}`
        : `Post ${i} about #rstats https://t.co/x${i}`;
    const row = [
      id,
      `https://twitter.com/bench/status/${id}`,
      text,
      `${time} +0000`,
      `${impressions}.0`,
      `${engagements}.0`,
      String(engagements / impressions),
      `${i % 13}.0`,
      `${i % 5}.0`,
      `${i % 50}.0`,
      ...METRICS.map((_, k) => `${(i + k) % 9}.0`),
      ...Array(18).fill("-"),
    ];
    if (!out.write(quote(row))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

if (process.argv[2] === "generate") {
  await generate();
  process.exit(0);
}
// Generating in a child process keeps its strings out of this process's peak memory.
if (!existsSync(FILE) || process.env.REGENERATE) {
  spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "generate"], { stdio: "inherit" });
}

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

const database = join(OUT, "bench.duckdb");
await rm(database, { force: true });
await rm(`${database}.wal`, { force: true });
const store = await DuckDbStore.open(database);
// DuckDB's buffer pool lives in this process: bound it so the whole run stays under 500 MB.
await store.run("SET memory_limit = '300MB'");
await store.run(`SET temp_directory = '${join(OUT, "duckdb.tmp")}'`);
const workspace = await defaultWorkspace(store);

const [, readCsvSeconds] = await timed(() =>
  store.run(
    `CREATE TABLE raw_read_csv AS SELECT * FROM read_csv('${FILE}', header = true, all_varchar = true)`,
  ),
);
await store.run("DROP TABLE raw_read_csv");
const [report, importSeconds] = await timed(() => importFile(store, workspace, { path: FILE }));
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const inserted = report.tables.reduce((s, t) => s + t.inserted, 0);
const lines = [
  `| machine | ${arch()}, ${cpus().length} CPUs, node ${process.version} |`,
  `| rows | ${ROWS.toLocaleString("en")} (${report.rowsRead.toLocaleString("en")} read, ${inserted.toLocaleString("en")} posts inserted) |`,
  `| DuckDB read_csv into a table | ${readCsvSeconds.toFixed(2)} s (${Math.round(ROWS / readCsvSeconds).toLocaleString("en")} rows/s) |`,
  `| importFile (stage, type, validate, merge) | ${importSeconds.toFixed(2)} s (${Math.round(ROWS / importSeconds).toLocaleString("en")} rows/s) |`,
  `| import speed ÷ read_csv speed | ${(readCsvSeconds / importSeconds).toFixed(2)}× (goal ≥ 0.5×) |`,
  `| peak RSS | ${Math.round(peak / 1024 / 1024)} MB (limit 500 MB) |`,
];
console.log(lines.join("\n"));
await store.close();
