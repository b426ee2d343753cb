/**
 * The cluster mode at scale: 100,000,000 clicks across a two-shard ClickHouse cluster (Debian's
 * 18.16, started by scripts/test-services.sh unless SOCIALROI_TEST_POSTGRES_URL and
 * SOCIALROI_TEST_CLICKHOUSE_URL name running ones), settings in PostgreSQL. Four workspaces, two on
 * each shard, of 25 million clicks, 200 links and 20,000 conversions each.
 *
 * Next to ClickHouse's own `SELECT link_id, count(), uniqExact(visitor_hash) … GROUP BY link_id` over
 * one workspace's clicks, in the same run and alternating turns:
 * - the link list with its statistics (`listLinks`, what `socialroi link list` and the dashboard show),
 * - `roi --by network` over the workspace's whole period (`computeRoi`),
 * each on a server that has answered once already (as `serve` does), and once each from a fresh
 * `socialroi` process (what a command costs, Node's start included).
 * Ingest: a million new clicks stored through the store (staged in the working copy, written to
 * ClickHouse as one version), against ClickHouse inserting the same rows from a file.
 *
 * Generation writes each workspace's clicks straight into its shard's table with
 * `INSERT … SELECT FROM numbers()`: no application could write 100 million rows in a benchmark's
 * time, and the questions asked after do not depend on how rows arrived.
 *
 *   npx tsx bench/scale.ts
 *
 * Environment: SOCIALROI_BENCH_CLICKS (total clicks, default 100000000; e.g. 20000000 for 5 million
 * per workspace, a run of minutes on a shared machine), SOCIALROI_BENCH_TURNS
 * (default 7), SOCIALROI_BENCH_OUT (report path, default bench/scale.md).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { dataPeriod } from "../src/period/data-period.js";
import { computeRoi } from "../src/roi/compute-roi.js";
import type { ClickHouseServer } from "../src/store/cluster/clickhouse.js";
import { connectClickHouse } from "../src/store/cluster/clickhouse.js";
import { ClusterStore } from "../src/store/cluster/cluster-store.js";
import { Postgres } from "../src/store/cluster/postgres.js";
import { quoteIdent } from "../src/store/sql-text.js";
import { createWorkspace, findWorkspace } from "../src/store/workspaces.js";
import { createLink } from "../src/tracking/create-link.js";
import { listLinks } from "../src/tracking/list-links.js";
import { benchCluster } from "./cluster-services.js";
import { median, positiveInteger, spread } from "./figures.js";

const TOTAL_CLICKS = positiveInteger("SOCIALROI_BENCH_CLICKS", 100_000_000, fail);
const TURNS = positiveInteger("SOCIALROI_BENCH_TURNS", 7, fail);
const WORKSPACES = 4;
const LINKS = 200;
const CONVERSIONS = 20_000;
const INGESTED_CLICKS = 1_000_000;
/** Rows per generating insert: each must end within the client's 30-second request timeout. */
const GENERATED_PER_INSERT = 1_000_000;
/** The goals: within this multiple of ClickHouse's own query… */
const RATIO_GOAL = 2;
/** …and under this many milliseconds. */
const TIME_GOAL_MS = 1000;
const NETWORKS = ["facebook", "instagram", "linkedin", "x", "tiktok"];
const REPO = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(REPO, "dist/cli/main.js");
const OUT = process.env["SOCIALROI_BENCH_OUT"] || fileURLToPath(new URL("scale.md", import.meta.url));
/** The clicks' instants: spread evenly over the year that ended at the last UTC midnight (none in the last hour). */
const SPAN_MS = 365 * 86_400_000;
const START_MS = Math.floor(Date.now() / 86_400_000) * 86_400_000 - SPAN_MS;

function fail(message: string): never {
  process.stderr.write(`scale benchmark: ${message}\n`);
  process.exit(1);
}

const whole = (n: number) => n.toFixed(0);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Milliseconds of a fresh `socialroi` process running a command on the cluster. */
function commandMs(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`socialroi ${args.join(" ")} failed: ${result.stderr}`);
  return elapsed;
}

/** Which shard a workspace's rows go to: the Distributed table's sharding key, sipHash64(workspace_id), modulo two. */
async function shardOf(first: ClickHouseServer, workspaceId: string): Promise<number> {
  const [row] = await first.query<{ shard: number }>("SELECT sipHash64($ws) % 2 AS shard", {
    ws: workspaceId,
  });
  return Number(row!.shard);
}

async function main(): Promise<void> {
  const loadBefore = loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");
  const started = new Date().toISOString();
  const cluster = await benchCluster(`socialroi_scale_${process.pid}`);
  const { config } = cluster;
  const database = config.clickhouse.database;
  const env = { ...process.env, ...cluster.env };
  const scratch = mkdtempSync(join(tmpdir(), "socialroi-scale-"));
  let shards: ClickHouseServer[] = [];
  try {
    shards = await connectClickHouse(config.clickhouse);
    const db = quoteIdent(database);
    const store = await ClusterStore.open(config);

    process.stdout.write("creating workspaces and links…\n");
    const workspaces: { id: string; shard: number; links: string[] }[] = [];
    while (workspaces.length < WORKSPACES) {
      const workspace = await createWorkspace(store, {
        name: `Brand ${workspaces.length + 1}`,
        currency: "EUR",
        timezone: "UTC",
        locale: "en",
      });
      const shard = await shardOf(shards[0]!, workspace.id);
      // Two workspaces on each shard, so that both shards hold half the clicks.
      if (workspaces.filter((w) => w.shard === shard).length >= WORKSPACES / 2) continue;
      const links: string[] = [];
      for (let i = 0; i < LINKS; i++) {
        const { link } = await createLink(store, workspace.id, {
          url: `https://shop.example/p/${i}`,
          network: NETWORKS[i % NETWORKS.length]!,
          campaign: `campaign-${i % 10}`,
        });
        links.push(link.id);
      }
      workspaces.push({ id: workspace.id, shard, links });
    }

    const perWorkspace = Math.floor(TOTAL_CLICKS / WORKSPACES);
    process.stdout.write(`generating ${perWorkspace * WORKSPACES} clicks in ClickHouse…\n`);
    const generation = await timed(() =>
      // The shards fill at once, each its workspaces in turn, in inserts short enough for the client's timeout.
      Promise.all(
        [0, 1].map(async (shardIndex) => {
          for (const [index, w] of workspaces.entries()) {
            if (w.shard === shardIndex) await generateWorkspace(shards[shardIndex]!, index, w);
          }
        }),
      ),
    );
    async function generateWorkspace(
      shard: ClickHouseServer,
      index: number,
      w: { id: string; links: string[] },
    ): Promise<void> {
      // The conversions first: ClickHouse then copies the link of each click they name as the
      // click is inserted (store/cluster/maintained-tables.ts). Through the store, a conversion
      // inserted after its click has the click looked up instead.
      await shard.command(
        `INSERT INTO ${db}.conversions_local (workspace_id, conversion_id, occurred_at, type, value, currency, network, campaign, customer_id, click_id, local_day, _version, _deleted, _replaces)
             SELECT $ws, concat('conv_', toString(number)), toInt64(${START_MS} + intDiv(k * ${SPAN_MS}, ${perWorkspace})) + 60000 AS at,
               if(number % 4 = 0, 'lead', 'sale'), if(number % 4 = 0, NULL, 20 + number % 80), 'EUR',
               $networks[(k % ${LINKS}) % ${NETWORKS.length} + 1], concat('campaign-', toString((k % ${LINKS}) % 10)),
               concat('cust_', toString(number % ${CONVERSIONS / 2})), concat('clk_${index}_', toString(k)),
               toDate(intDiv(at, 1000)), 1, 0, 0
             FROM (SELECT number, intDiv(number * ${perWorkspace}, ${CONVERSIONS}) AS k FROM numbers(${CONVERSIONS}))`,
        { ws: w.id, networks: NETWORKS },
      );
      for (let start = 0; start < perWorkspace; start += GENERATED_PER_INSERT) {
        const count = Math.min(GENERATED_PER_INSERT, perWorkspace - start);
        await shard.command(
          `INSERT INTO ${db}.clicks_local (click_id, workspace_id, link_id, occurred_at, visitor_hash, device, browser, os, country, _version, _deleted, _replaces)
           SELECT concat('clk_${index}_', toString(number)), $ws, $links[number % ${LINKS} + 1],
             toInt64(${START_MS} + intDiv(number * ${SPAN_MS}, ${perWorkspace})), hex(sipHash64(number % 3000000)),
             ['mobile', 'desktop', 'tablet'][number % 3 + 1], 'Chrome', 'Android', 'BE', 1, 0, 0
           FROM (SELECT number + ${start} AS number FROM numbers(${count}))`,
          { ws: w.id, links: w.links },
        );
      }
    }
    // Tell the cluster's servers the tables changed, as a write through the store would.
    const pg = await Postgres.connect(config.postgresUrl);
    for (const table of ["clicks", "conversions"])
      for (const w of workspaces)
        await pg.all(
          `INSERT INTO socialroi_generations (table_name, scope, generation) VALUES ($table, $scope, 1)
           ON CONFLICT (table_name, scope) DO UPDATE SET generation = socialroi_generations.generation + 1`,
          { table, scope: w.id },
        );
    await pg.close();
    await store.close();

    const measured = workspaces[0]!;
    const server = await ClusterStore.open(config);
    const ws = (await findWorkspace(server, measured.id))!;
    const period = await dataPeriod(server, ws);
    const bareSql = `SELECT link_id, count() AS clicks, uniqExact(visitor_hash) AS visitors FROM ${db}.clicks
      WHERE workspace_id = $ws GROUP BY link_id`;
    const bare = () => shards[0]!.query(bareSql, { ws: measured.id });
    // Answers compared once: the link list's clicks are ClickHouse's own counts.
    const bareRows = await bare();
    const listed = await listLinks(server, measured.id);
    const bareCount = new Map(bareRows.map((row) => [String(row["link_id"]), Number(row["clicks"])]));
    for (const link of listed)
      if (bareCount.get(link.id) !== link.clicks)
        throw new Error(
          `link ${link.id}: socialroi counts ${link.clicks} clicks, ClickHouse ${bareCount.get(link.id)}`,
        );
    // Every generated conversion names a generated click: each is found through its click's link.
    const total = (figure: "leads" | "sales") => listed.reduce((sum, link) => sum + link[figure], 0);
    if (total("leads") !== CONVERSIONS / 4 || total("sales") !== (CONVERSIONS * 3) / 4)
      throw new Error(
        `the link list finds ${total("leads")} leads and ${total("sales")} sales of ${CONVERSIONS} conversions`,
      );
    const firstRoiMs = await timed(() => computeRoi(server, ws, period, "network"));

    process.stdout.write(`measuring ${TURNS} alternating turns…\n`);
    const times = { bare: [] as number[], links: [] as number[], roi: [] as number[] };
    for (let turn = 0; turn < TURNS; turn++) {
      times.bare.push(await timed(bare));
      times.links.push(await timed(() => listLinks(server, measured.id)));
      times.roi.push(await timed(() => computeRoi(server, ws, period, "network")));
    }
    await server.close();
    // Commands act on the default workspace: the first made, the one measured.
    const cliLinks = commandMs(["link", "list", "--json"], env);
    const cliRoi = commandMs(["roi", "--by", "network", "--json"], env);

    process.stdout.write(`ingesting ${INGESTED_CLICKS} clicks…\n`);
    const ingestStore = await ClusterStore.open(config);
    const ingested = workspaces[1]!;
    const ingestSql = `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at, visitor_hash, device, browser, os, country)
      SELECT 'new_' || $turn || '_' || i, $ws, $links[i % ${LINKS} + 1], TIMESTAMPTZ '2026-06-01' + to_milliseconds(i),
        md5(CAST(i AS VARCHAR)), 'mobile', 'Chrome', 'Android', 'BE' FROM range(${INGESTED_CLICKS}) t(i)`;
    const ingest: number[] = [];
    const bareInsert: number[] = [];
    const file = join(scratch, "clicks.json");
    for (let turn = 0; turn < 3; turn++) {
      ingest.push(
        await timed(() =>
          ingestStore.run(ingestSql, { ws: ingested.id, links: ingested.links, turn: String(turn) }),
        ),
      );
      const rows = await shards[ingested.shard]!.jsonLines(
        `SELECT concat('bare_', id) AS click_id, workspace_id, link_id, occurred_at, visitor_hash, device, browser, os, country, 1 AS _version
         FROM (SELECT click_id AS id, * FROM ${db}.clicks WHERE workspace_id = $ws AND startsWith(click_id, 'new_${turn}_'))`,
        { ws: ingested.id },
      );
      writeFileSync(file, rows);
      bareInsert.push(await timed(() => shards[0]!.insertJsonLinesFile(`${db}.clicks`, file)));
    }
    await ingestStore.close();

    const ratio = (values: number[]) => median(values) / median(times.bare);
    const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
    const linksRatio = ratio(times.links);
    const roiRatio = ratio(times.roi);
    const rate = (ms: number[]) => (INGESTED_CLICKS / (median(ms) / 1000)).toFixed(0);
    const machine = `${execFileSync("uname", ["-m"], { encoding: "utf8" }).trim()}, ${cpus().length} CPUs — ${cpus()[0]?.model ?? "unknown"}`;
    const loadAfter = loadavg()
      .map((n) => n.toFixed(2))
      .join(", ");
    const report = `# Scale: 100 million clicks on a two-shard ClickHouse

\`npx tsx bench/scale.ts\` (or \`npm run bench -- scale\`): ${(perWorkspace * WORKSPACES).toLocaleString("en")} clicks in
${WORKSPACES} workspaces of ${perWorkspace.toLocaleString("en")}, two on each shard of Debian's ClickHouse 18.16 (two servers on
this machine), ${LINKS} links and ${CONVERSIONS.toLocaleString("en")} conversions per workspace, settings in PostgreSQL 15.
Generated in ClickHouse in ${(generation / 1000).toFixed(1)} s. Times in milliseconds, the median of ${TURNS} alternating
turns with min–max, for one workspace's ${perWorkspace.toLocaleString("en")} clicks, on a server that answered once before.

Machine: ${machine}; Node ${process.version}; run ${started}. Load average before: ${loadBefore}; after: ${loadAfter}.

| question | socialroi (ms) | ClickHouse alone (ms) | ratio | goal |
|---|---|---|---|---|
| link list with clicks, leads, sales, revenue per link | ${spread(times.links, whole)} | ${spread(times.bare, whole)} | ${linksRatio.toFixed(2)}× | ≤ ${RATIO_GOAL}× and < ${TIME_GOAL_MS} ms: ${verdict(linksRatio <= RATIO_GOAL && median(times.links) < TIME_GOAL_MS)} |
| \`roi --by network\`, the workspace's whole period | ${spread(times.roi, whole)} | ${spread(times.bare, whole)} | ${roiRatio.toFixed(2)}× | ≤ ${RATIO_GOAL}× and < ${TIME_GOAL_MS} ms: ${verdict(roiRatio <= RATIO_GOAL && median(times.roi) < TIME_GOAL_MS)} |

ClickHouse alone: \`SELECT link_id, count(), uniqExact(visitor_hash) FROM clicks WHERE workspace_id = … GROUP BY link_id\`
through the Distributed table. The link list reads from ClickHouse the clicks per link and the links of converted
clicks that ClickHouse keeps as rows are inserted (rollups, store/rollups.ts, over store/cluster/maintained-tables.ts),
not the clicks themselves, and the links from PostgreSQL; \`roi\` reads no click (its first run on the server, loading the workspace's
conversions and settings: ${firstRoiMs.toFixed(0)} ms).

A fresh \`socialroi\` process, Node's start and the schema check included: \`link list --json\` ${cliLinks.toFixed(0)} ms,
\`roi --by network --json\` ${cliRoi.toFixed(0)} ms.

Ingest of ${INGESTED_CLICKS.toLocaleString("en")} new clicks through the store (staged in the working copy, one version
to ClickHouse): ${spread(ingest, whole)} ms, ${rate(ingest)} rows/s; ClickHouse inserting the same rows from a JSON file:
${spread(bareInsert, whole)} ms, ${rate(bareInsert)} rows/s (${(median(bareInsert) / median(ingest)).toFixed(2)}× socialroi's speed; 3 turns).
`;
    writeFileSync(OUT, report);
    process.stdout.write(report);
  } finally {
    await Promise.all(shards.map((shard) => shard.close()));
    await cluster.drop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// A failure after the databases were made still drops them (main's finally), then ends here.
await main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
