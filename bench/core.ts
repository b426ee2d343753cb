/**
 * Core benchmark (issue 2): canonical import of 1,000,000 conversions and 100,000 posts next to
 * DuckDB's own read_csv of the same files (the ceiling), and `roi --by month|network` next to a
 * hand-written SQL query over the same tables. Prints a Markdown table; run with `npm run bench`.
 */
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { arch, availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Workspace } from "../src/domain/workspace.js";
import { importFile } from "../src/ingest/import-file.js";
import { computeRoi } from "../src/roi/compute-roi.js";
import { refreshConversionDays } from "../src/store/conversion-days.js";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";
import { localDaySql } from "../src/store/local-days.js";
import { createWorkspace } from "../src/store/workspaces.js";
import { rememberFirstClicks } from "../src/tracking/first-clicks.js";

const OUT = fileURLToPath(new URL("./out/", import.meta.url));
const NETWORKS = ["facebook", "instagram", "x", "linkedin", "tiktok"];
const WORKSPACE = { name: "bench", currency: "EUR", timezone: "UTC", locale: "en" } as const;

async function writeLines(
  path: string,
  header: string,
  count: number,
  line: (i: number) => string,
): Promise<void> {
  const stream = createWriteStream(path);
  stream.write(`${header}\n`);
  for (let i = 0; i < count; i++) {
    if (!stream.write(`${line(i)}\n`))
      await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => stream.end(() => resolve()));
}

function day(i: number): string {
  return new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
}

async function generate(): Promise<{ conversions: string; posts: string; costs: string; rules: string }> {
  mkdirSync(OUT, { recursive: true });
  const conversions = join(OUT, "conversions-1m.csv");
  const posts = join(OUT, "posts-100k.csv");
  if (!existsSync(conversions)) {
    await writeLines(
      conversions,
      "conversion_id,occurred_at,type,value,currency,network,campaign,customer_id,click_id",
      1_000_000,
      (i) => {
        const type = i % 10 === 0 ? "sale" : i % 97 === 0 ? "refund" : "lead";
        return `cv-${i},${day(i)}T${String(i % 24).padStart(2, "0")}:15:00Z,${type},${type === "lead" ? "" : (i % 400) + 9.9},EUR,${NETWORKS[i % 5]},camp-${i % 40},cus-${i % 300_000},`;
      },
    );
  }
  if (!existsSync(posts)) {
    await writeLines(
      posts,
      "post_id,network,published_at,type,text,campaign,impressions,reach,engagements,likes,comments,shares,link_clicks",
      100_000,
      (i) =>
        `p-${i},${NETWORKS[i % 5]},${day(i)}T10:00:00Z,photo,"Post number ${i}, about things",camp-${i % 40},${1000 + (i % 9000)},${800 + (i % 7000)},${i % 500},${i % 300},${i % 40},${i % 20},${i % 90}`,
    );
  }
  const costs = join(OUT, "costs-10k.csv");
  if (!existsSync(costs)) {
    await writeLines(
      costs,
      "date,end_date,category,amount,currency,network,campaign,description,recurrence",
      10_000,
      (i) =>
        `${day(i)},,${i % 3 === 0 ? "ads" : "content"},${(i % 90) + 10},EUR,${NETWORKS[i % 5]},camp-${i % 40},cost ${i},`,
    );
  }
  const rules = join(OUT, "value-rules.csv");
  writeFileSync(rules, "outcome,unit_value,currency,valid_from,valid_to\nlead,5,EUR,,\n");
  return { conversions, posts, costs, rules };
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [(performance.now() - start) / 1000, result];
}

/** Turns of each measure: socialroi and its baseline alternate, so a slow moment of the machine falls on both. */
const TURNS = Number(process.env["SOCIALROI_BENCH_TURNS"] ?? 9);

interface Turns {
  /** Seconds of socialroi's work, and of the baseline's, turn by turn. */
  ours: number[];
  baseline: number[];
}

/** Both pieces of work once as a warm-up (when asked), then TURNS alternating turns. */
async function alternate(
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
  warmUp: boolean,
): Promise<Turns> {
  if (warmUp) {
    await ours();
    await baseline();
  }
  const turns: Turns = { ours: [], baseline: [] };
  for (let turn = 0; turn < TURNS; turn++) {
    turns.ours.push(await ours());
    turns.baseline.push(await baseline());
  }
  return turns;
}

function median(samples: readonly number[]): number {
  const sorted = samples.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `median (min–max)` of samples, each written by `format`. */
function spread(samples: readonly number[], format: (value: number) => string): string {
  return `${format(median(samples))} (${format(Math.min(...samples))}–${format(Math.max(...samples))})`;
}

/** The ratio of each turn: socialroi's time over the baseline's, or the baseline's over socialroi's (a speed). */
function ratios({ ours, baseline }: Turns, speed: boolean): number[] {
  return ours.map((seconds, turn) => (speed ? baseline[turn]! / seconds : seconds / baseline[turn]!));
}

const seconds = (value: number) => `${value.toFixed(2)} s`;
const milliseconds = (value: number) => `${(value * 1000).toFixed(0)} ms`;
const times = (value: number) => `${value.toFixed(2)}×`;

async function ceiling(path: string): Promise<number> {
  const file = join(OUT, "ceiling.duckdb");
  rmSync(file, { force: true });
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const [seconds] = await time(async () => {
    await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${path}')`);
    await connection.run("CHECKPOINT");
  });
  connection.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  return seconds;
}

/**
 * The writes a first import of the conversions file cannot do without, by hand, as DuckDB alone
 * would do them: the file typed by read_csv itself straight into \`conversions\` (no row checked:
 * no trimming, no number or date styles, no bounds, ids or codes looked at), then what the import
 * must count and keep beside the rows (repeated keys; each customer's first click and the counts by
 * day ROI reads, by the import's own statements) in the same transaction, until checkpointed. What is left between this and
 * \`importFile\` is the checking of every row.
 */
const UNCHECKED_COLUMNS = {
  conversion_id: "VARCHAR",
  occurred_at: "TIMESTAMPTZ",
  type: "VARCHAR",
  value: "DOUBLE",
  currency: "VARCHAR",
  network: "VARCHAR",
  campaign: "VARCHAR",
  customer_id: "VARCHAR",
  click_id: "VARCHAR",
};

async function uncheckedImport(store: DuckDbStore, workspaceId: string, path: string): Promise<void> {
  const params = { ws: workspaceId, import: "imp_floor", file_path: path };
  const columns = `{${Object.entries(UNCHECKED_COLUMNS)
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(", ")}}`;
  await store.run("BEGIN TRANSACTION");
  await store.run(
    `INSERT INTO conversions (workspace_id, ${Object.keys(UNCHECKED_COLUMNS).join(", ")}, import_id, local_day)
     SELECT $ws, *, $import, ${localDaySql("occurred_at", WORKSPACE.timezone)}
     FROM read_csv($file_path, header = true, auto_detect = false, columns = ${columns})`,
    params,
  );
  await store.run(
    `SELECT count(*), count(DISTINCT hash(type, conversion_id)) FROM conversions WHERE workspace_id = $ws AND import_id = $import`,
    params,
  );
  await rememberFirstClicks(store, workspaceId);
  await refreshConversionDays(store, workspaceId);
  await store.run("COMMIT");
}

/**
 * What an analyst would write by hand for this data (UTC, one currency, one-off costs named by
 * network, one value rule of 5 per lead): the same figures as `roi`, without its generality.
 */
function handWrittenRoi(key: (time: string) => string): string {
  return `
WITH c AS (
  SELECT ${key("occurred_at")} AS key,
    coalesce(sum(value) FILTER (WHERE type = 'sale'), 0) - coalesce(sum(value) FILTER (WHERE type = 'refund'), 0) AS revenue,
    count(*) FILTER (WHERE type = 'lead') AS leads, count(DISTINCT customer_id) FILTER (WHERE type = 'sale') AS customers
  FROM conversions WHERE occurred_at >= TIMESTAMPTZ '2025-01-01' AND occurred_at < TIMESTAMPTZ '2026-01-01' GROUP BY 1),
p AS (
  SELECT ${key("published_at")} AS key, sum(impressions) AS impressions, sum(reach) AS reach, sum(engagements) AS engagements,
    sum(link_clicks) AS clicks FROM posts WHERE published_at >= TIMESTAMPTZ '2025-01-01' AND published_at < TIMESTAMPTZ '2026-01-01' GROUP BY 1),
k AS (
  SELECT ${key("date")} AS key, sum(amount) AS cost, sum(amount) FILTER (WHERE category = 'ads') AS ad_spend
  FROM costs WHERE date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1)
SELECT key, cost, revenue, leads * 5 AS assigned_value, (revenue - cost) / nullif(cost, 0) AS revenue_roi,
  (revenue + leads * 5 - cost) / nullif(cost, 0) AS total_roi, revenue / nullif(ad_spend, 0) AS roas,
  leads, customers, clicks, impressions, reach, engagements
FROM c FULL JOIN p USING (key) FULL JOIN k USING (key) ORDER BY key`;
}

async function main(): Promise<void> {
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  const files = await generate();
  const rows: string[] = [];
  const dbPath = join(OUT, "core.duckdb");
  /** A first import into a new database, as `socialroi import` on a new file: until checkpointed. */
  const importInto = async (
    path: string,
    write: (store: DuckDbStore, workspace: Workspace) => Promise<unknown> = (store, workspace) =>
      importFile(store, workspace, { path }),
  ): Promise<number> => {
    rmSync(dbPath, { force: true });
    const store = await DuckDbStore.open(dbPath);
    try {
      const workspace = await createWorkspace(store, WORKSPACE);
      const [elapsed] = await time(async () => {
        await write(store, workspace);
        await store.run("CHECKPOINT");
      });
      return elapsed;
    } finally {
      await store.close();
    }
  };
  for (const [name, path, count, goal] of [
    ["conversions", files.conversions, 1_000_000, 0.7],
    ["posts", files.posts, 100_000, 0.5],
  ] as const) {
    const turns = await alternate(
      () => importInto(path),
      () => ceiling(path),
      false,
    );
    const speed = ratios(turns, true);
    rows.push(
      `| import ${count.toLocaleString("en")} ${name} | ${spread(turns.ours, seconds)} | read_csv into a table: ${spread(turns.baseline, seconds)} | ${spread(speed, times)} the ceiling's speed | ≥ ${goal}× | ${median(speed) >= goal ? "met" : "missed"} |`,
    );
  }
  const floorTurns = await alternate(
    () =>
      importInto(files.conversions, (store, workspace) =>
        uncheckedImport(store, workspace.id, files.conversions),
      ),
    () => ceiling(files.conversions),
    false,
  );
  rows.push(
    `| import 1,000,000 conversions' writes with no row checked, by hand (the floor: what the import keeps beside the rows) | ${spread(floorTurns.ours, seconds)} | read_csv into a table: ${spread(floorTurns.baseline, seconds)} | ${spread(ratios(floorTurns, true), times)} the ceiling's speed | — | |`,
  );
  rmSync(dbPath, { force: true });
  let store = await DuckDbStore.open(dbPath);
  const workspace = await createWorkspace(store, WORKSPACE);
  for (const path of [files.conversions, files.posts, files.costs, files.rules])
    await importFile(store, workspace, { path });
  // `socialroi roi` opens the database afresh; in the process that has just imported, filters on
  // the rows it wrote run slower (see core.md).
  await store.close();
  store = await DuckDbStore.open(dbPath);
  const period = { from: "2025-01-01", to: "2025-12-31" };
  for (const [by, sql, goal] of [
    ["month", handWrittenRoi((time) => `strftime(${time}, '%Y-%m')`), 1.0],
    ["network", handWrittenRoi(() => "network"), 1.2],
  ] as const) {
    const turns = await alternate(
      async () => (await time(() => computeRoi(store, workspace, period, by)))[0],
      async () => (await time(() => store.all(sql)))[0],
      true,
    );
    const slowdown = ratios(turns, false);
    rows.push(
      `| roi --by ${by} | ${spread(turns.ours, milliseconds)} | hand-written SQL: ${spread(turns.baseline, milliseconds)} | ${spread(slowdown, times)} its time | ≤ ${goal}× | ${median(slowdown) <= goal ? "met" : "missed"} |`,
    );
  }
  await store.close();
  // The scope of a question is kept while the data stands (roi-query.ts): the first question of a
  // process reads it, as `socialroi roi` does once. Measured on the database opened afresh each turn.
  const sql = handWrittenRoi(() => "network");
  const onFreshStore = async (work: (fresh: DuckDbStore) => Promise<unknown>) => {
    const fresh = await DuckDbStore.open(dbPath);
    try {
      return (await time(() => work(fresh)))[0];
    } finally {
      await fresh.close();
    }
  };
  const firstTurns = await alternate(
    () => onFreshStore((fresh) => computeRoi(fresh, workspace, period, "network")),
    () => onFreshStore((fresh) => fresh.all(sql)),
    true,
  );
  rows.push(
    `| roi --by network, the first question on the database opened afresh | ${spread(firstTurns.ours, milliseconds)} | hand-written SQL, the same: ${spread(firstTurns.baseline, milliseconds)} | ${spread(ratios(firstTurns, false), times)} its time | — | |`,
  );
  rmSync(dbPath, { force: true });
  const loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  const machine = `${arch()}, ${availableParallelism()} CPUs, node ${process.version}, load average ${loadBefore} before the run and ${loadAfter} after`;
  const table = `| measure | socialroi: median (min–max) | baseline, same turns | ratio per turn: median (min–max) | goal | |\n|---|---|---|---|---|---|\n${rows.join("\n")}\n`;
  process.stdout.write(table);
  writeFileSync(
    fileURLToPath(new URL("core.md", import.meta.url)),
    `# Core benchmark\n\n\`npx tsx bench/core.ts\`: canonical import of 1,000,000 conversions and 100,000 posts (generated into bench/out/) into a new database, next to DuckDB's own \`read_csv\` of the same file into a table of a new database, and next to that same \`read_csv\` the writes such an import cannot do without, done by hand with DuckDB alone and no row checked (the file typed by \`read_csv\` into \`conversions\`, then the repeated-key count, each customer's first click and the counts by day ROI reads, in one transaction: the floor, so what lies between it and the import is the checking of every row) (all timed until the rows are checkpointed into the database file: DuckDB checkpoints at a commit once its write-ahead log passes 16 MB, which a 100,000-row import passes and the narrower all-text read does not, so without it one side would pay a cost the other leaves for later), and \`roi\` next to a hand-written SQL query giving the same figures for this data (10,000 one-off costs, one value rule; no shared costs, one currency, UTC) over the same tables, on the database opened afresh as \`socialroi roi\` does (in the process that has just imported, the same filters on the rows it wrote run slower). A server asks ROI questions again and again: what the period's data asks of the query (its scope, a statement of its own) is kept while the data stands, so the repeated question is measured as a server answers it, and the first question of a freshly opened database, which reads the scope, on a row of its own. Each measure is ${TURNS} turns in which socialroi and its baseline alternate (ROI after one warm-up of each); the ratio is taken turn by turn and reported as the median with the smallest and largest.\n\nMachine: ${machine}; ${new Date().toISOString()}.\n\n${table}`,
  );
}

await main();
