/**
 * Redirect throughput and latency: socialroi's `GET /l/:slug` with click recording on, next to a
 * bare node:http server answering the same 302, in the same run. Both are plain node processes:
 * socialroi is the built `socialroi serve` (run `npm run build` first; `npm run bench` does), the
 * bare server a few lines of JavaScript. The load comes from wrk (C, Debian package `wrk`), one
 * thread, so that a load generator in Node does not take the server's CPU and hide its cost;
 * bench/redirect.lua varies the requests: in the "new visitor" modes every request carries its own
 * user agent, so each one is a new visitor and a recorded click (the hourly de-duplication would
 * otherwise turn the run into one click).
 *
 * Both servers start once; then turns alternate, bare, socialroi, bare, socialroi…, and the report
 * gives each figure's median over the turns with its min and max. Writes bench/redirect.md.
 *
 *   npx tsx bench/redirect.ts
 *
 * Environment: SOCIALROI_BENCH_TURNS (turns per server, default 9), SOCIALROI_BENCH_SECONDS
 * (measured seconds per wrk run, default 10), SOCIALROI_BENCH_STORE (`embedded`, the default: a
 * DuckDB file; `cluster`: PostgreSQL and the two-shard ClickHouse of scripts/test-services.sh, see
 * bench/cluster-services.ts), SOCIALROI_BENCH_OUT (report path, default bench/redirect.md or
 * bench/redirect-cluster.md; point it elsewhere for trial runs).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { serverEnvironment } from "../src/cli/commands/serve.js";
import { benchCluster } from "./cluster-services.js";
import { median, positiveInteger, spread } from "./figures.js";

/** wrk threads: one, leaving the other core of a 2-core machine to the server. */
const THREADS = 1;
const CONNECTIONS = 64;
const DURATION_SECONDS = positiveInteger("SOCIALROI_BENCH_SECONDS", 10, fail);
const WARM_UP_SECONDS = 2;
/** Turns per server; the servers alternate, one turn each. */
const TURNS = positiveInteger("SOCIALROI_BENCH_TURNS", 9, fail);
/** A steady rate well below both servers' ceiling: latency without queueing behind a saturated CPU. */
const PACED_RATE = 2000;
/** The goals: socialroi's new-visitor throughput at least this share of the bare server's… */
const THROUGHPUT_GOAL = 0.6;
/** …and its p99 at most this multiple of the bare server's, both measured in the same run. */
const P99_GOAL = 2;
const SLUG = "bench";
const DESTINATION = "https://shop.example/book?utm_source=instagram&utm_medium=social&utm_campaign=launch";
/** The returning visitor's user agent: the same string as USER_AGENT in bench/redirect.lua. */
const USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
/**
 * The options node gets from the built command line's first line (`#!/usr/bin/env -S node …`): the
 * server starts as `socialroi serve` starts, and the bare server with the same node options.
 */
function binNodeOptions(): string[] {
  const options = /^#!\/usr\/bin\/env -S node(?<options>[^\n]*)/.exec(readFileSync(CLI, "utf8"))?.groups?.[
    "options"
  ];
  return options?.trim().split(/\s+/).filter(Boolean) ?? [];
}
const LUA = fileURLToPath(new URL("redirect.lua", import.meta.url));
const REPO = fileURLToPath(new URL("..", import.meta.url));
const STORE = process.env["SOCIALROI_BENCH_STORE"] || "embedded";
if (STORE !== "embedded" && STORE !== "cluster")
  fail(`SOCIALROI_BENCH_STORE: expected embedded or cluster, got ${STORE}`);
const CLUSTER = STORE === "cluster";
const OUT =
  process.env["SOCIALROI_BENCH_OUT"] ||
  fileURLToPath(new URL(CLUSTER ? "redirect-cluster.md" : "redirect.md", import.meta.url));

/** Stops the benchmark with one line on stderr, no stack trace. */
function fail(message: string): never {
  process.stderr.write(`redirect benchmark: ${message}\n`);
  process.exit(1);
}

/** The bare server's: the same 302 with a fresh click id, and nothing else. */
const BARE_SERVER = `
const { createServer } = require("node:http");
const { randomBytes } = require("node:crypto");
const server = createServer((_request, response) => {
  const clickId = "clk_" + randomBytes(12).toString("base64url");
  response.writeHead(302, { location: ${JSON.stringify(DESTINATION)} + "&sr_id=" + clickId, "cache-control": "private, no-store" });
  response.end();
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`;

/** Every process this script starts, killed on the way out whatever the way out is, and its scratch directory. */
const children = new Set<ChildProcess>();
let scratch: string | undefined;
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill("SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

/** Starts a server process and waits for the address it prints. */
async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = track(
    spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  let output = "";
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    // The address served is the line's last: socialroi names its store (a ClickHouse address, in the cluster mode) before it.
    const url = /(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(output)?.[1];
    if (url) return { url, child };
  }
  throw new Error(`server did not start: ${output}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** Checks that a server answers the redirect (with the returning visitor's user agent). */
async function checkRedirect(url: string): Promise<void> {
  const response = await fetch(`${url}/l/${SLUG}`, {
    redirect: "manual",
    headers: { "user-agent": USER_AGENT },
  });
  const location = response.headers.get("location") ?? "";
  if (response.status !== 302 || !location.startsWith("https://shop.example/book"))
    throw new Error(`${url}/l/${SLUG} answered ${response.status} ${location}, not a 302 to the destination`);
}

let clockTicksPerSecond: number | undefined;

/** CPU seconds a process has used, all its threads together (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command name.
  clockTicksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

/** The JSON line bench/redirect.lua's done() prints. */
interface WrkSummary {
  requests: number;
  duration_us: number;
  rps: number;
  errors: { status: number; connect: number; read: number; write: number; timeout: number };
  latency_us: { p50: number; p90: number; p99: number; max: number; mean: number };
}

function isWrkSummary(value: unknown): value is WrkSummary {
  const v = value as WrkSummary | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.requests === "number" &&
    typeof v.duration_us === "number" &&
    typeof v.rps === "number" &&
    ["status", "connect", "read", "write", "timeout"].every(
      (k) => typeof v.errors?.[k as keyof WrkSummary["errors"]] === "number",
    ) &&
    ["p50", "p90", "p99", "max", "mean"].every(
      (k) => typeof v.latency_us?.[k as keyof WrkSummary["latency_us"]] === "number",
    )
  );
}

type Mode = "new" | "returning";

/** wrk's arguments: the lua script takes mode, run tag, connections and rate (0: as fast as answered). */
function wrkArgs(url: string, seconds: number, mode: Mode, tag: string, rate: number, lua = LUA): string[] {
  return [
    `-t${THREADS}`,
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    "-s",
    lua,
    `${url}/l/${SLUG}`,
    "--",
    mode,
    tag,
    String(CONNECTIONS),
    String(rate),
  ];
}

async function wrk(args: string[]): Promise<WrkSummary> {
  const child = track(spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] }));
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const [code] = (await once(child, "close")) as [number | null];
  const line = stdout
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  const summary: unknown = line ? JSON.parse(line) : undefined;
  if (code !== 0 || !isWrkSummary(summary))
    throw new Error(`wrk ${args.join(" ")} exited with ${code}: ${stderr.trim() || stdout.trim()}`);
  return summary;
}

interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The server's CPU time per answered request, in microseconds: the load generator's share of the machine barely changes it. */
  cpuMicroseconds: number;
  /** Redirects answered in the measured run. */
  measured: number;
  /** Redirects answered, the warm-up's included. */
  answered: number;
  errors: number;
}

/** Unique across runs: this process's id and start time, then a counter. */
const RUN_PREFIX = `${process.pid.toString(36)}${Date.now().toString(36)}`;
let runs = 0;

const answers = (s: WrkSummary) => s.requests - s.errors.status;
const errorCount = (s: WrkSummary) =>
  s.errors.status + s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout;

/**
 * Every request a new visitor (own user agent, so a new click), or one visitor coming back (no new
 * click); as fast as the server answers, or at a paced rate. A 2 s warm-up in the same mode first.
 */
async function load(url: string, pid: number, mode: Mode, rate = 0): Promise<LoadResult> {
  const warmUp = await wrk(wrkArgs(url, WARM_UP_SECONDS, mode, `${RUN_PREFIX}.${++runs}`, rate));
  const cpuBefore = cpuSeconds(pid);
  const result = await wrk(wrkArgs(url, DURATION_SECONDS, mode, `${RUN_PREFIX}.${++runs}`, rate));
  const cpu = cpuSeconds(pid) - cpuBefore;
  return {
    rps: result.rps,
    p50Ms: result.latency_us.p50 / 1000,
    p99Ms: result.latency_us.p99 / 1000,
    cpuMicroseconds: (cpu * 1e6) / Math.max(1, answers(result)),
    measured: answers(result),
    answered: answers(warmUp) + answers(result),
    errors: errorCount(warmUp) + errorCount(result),
  };
}

const whole = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => n.toFixed(2);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Linux's autogroup scheduling shares the CPU between sessions before threads: PostgreSQL's and
 * each ClickHouse server's daemons, in sessions of their own, then weigh as much as the whole
 * benchmark (both servers and wrk) whenever they have work, which the cluster mode pays for.
 */
function autogroupScheduling(): string {
  try {
    const enabled = readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() === "1";
    return `autogroup scheduling ${enabled ? "on" : "off"} (\`/proc/sys/kernel/sched_autogroup_enabled\`)`;
  } catch {
    return "no autogroup scheduling";
  }
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

async function main(): Promise<void> {
  if (spawnSync("wrk", ["-v"]).error)
    fail(
      "wrk is not on PATH: install the Debian package wrk (apt-get install -y --no-install-recommends wrk)",
    );
  if (!existsSync(CLI)) fail(`${relative(REPO, CLI)} is missing: run npm run build first`);

  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), "socialroi-bench-"));
  scratch = dir;
  // The embedded store is a file of the run's own; the cluster, a database of its own on the services.
  const cluster = CLUSTER ? await benchCluster(`socialroi_redirect_${process.pid}`) : undefined;
  const storeArgs = cluster ? [] : ["--db", join(dir, "bench.duckdb")];
  const storeEnv = cluster?.env ?? {};
  const nodeOptions = binNodeOptions();
  let bare: { url: string; child: ChildProcess } | undefined;
  let socialroi: { url: string; child: ChildProcess } | undefined;
  const rows = {
    bare: [] as LoadResult[],
    barePaced: [] as LoadResult[],
    recorded: [] as LoadResult[],
    returning: [] as LoadResult[],
    recordedPaced: [] as LoadResult[],
  };
  let clicks = 0;
  try {
    execFileSync(
      process.execPath,
      [
        CLI,
        "link",
        "create",
        ...storeArgs,
        "--url",
        "https://shop.example/book",
        "--network",
        "instagram",
        "--campaign",
        "launch",
        "--slug",
        SLUG,
      ],
      { env: { ...process.env, ...storeEnv } },
    );
    bare = await startServer([...nodeOptions, "-e", BARE_SERVER]);
    // Every request comes from this machine's address: rate limiting per address would stop counting.
    socialroi = await startServer([...nodeOptions, CLI, "serve", ...storeArgs, "--port", "0"], {
      ...storeEnv,
      SOCIALROI_RATE_LIMIT: "0",
    });
    // The check is the returning visitor's first visit: its one click.
    await checkRedirect(bare.url);
    await checkRedirect(socialroi.url);

    for (let turn = 1; turn <= TURNS; turn++) {
      process.stderr.write(`turn ${turn}/${TURNS}: bare`);
      rows.bare.push(await load(bare.url, bare.child.pid!, "new"));
      rows.barePaced.push(await load(bare.url, bare.child.pid!, "new", PACED_RATE));
      process.stderr.write(", socialroi");
      rows.recorded.push(await load(socialroi.url, socialroi.child.pid!, "new"));
      rows.returning.push(await load(socialroi.url, socialroi.child.pid!, "returning"));
      rows.recordedPaced.push(await load(socialroi.url, socialroi.child.pid!, "new", PACED_RATE));
      const [bareRun, recordedRun] = [rows.bare.at(-1)!, rows.recorded.at(-1)!];
      process.stderr.write(
        ` (p99 ${bareRun.p99Ms.toFixed(2)} and ${recordedRun.p99Ms.toFixed(2)} ms, ${Math.round(bareRun.rps)} and ${Math.round(recordedRun.rps)} req/s)\n`,
      );
    }

    // Stopped first: its last clicks reach the store at shutdown. The count is the link list's, as a user reads it.
    await stopServer(socialroi.child);
    const listed = execFileSync(process.execPath, [CLI, "link", "list", ...storeArgs, "--json"], {
      env: { ...process.env, ...storeEnv },
      encoding: "utf8",
    });
    clicks = (JSON.parse(listed) as { links: { clicks: number }[] }).links.reduce(
      (n, link) => n + link.clicks,
      0,
    );
  } finally {
    if (bare) await stopServer(bare.child);
    if (socialroi) await stopServer(socialroi.child);
    await cluster?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadAverage();

  const row = (name: string, results: LoadResult[]) =>
    `| ${name} | ${spread(
      results.map((r) => r.rps),
      whole,
    )} | ${spread(
      results.map((r) => r.p50Ms),
      ms,
    )} | ${spread(
      results.map((r) => r.p99Ms),
      ms,
    )} | ${spread(
      results.map((r) => r.cpuMicroseconds),
      whole,
    )} | ${whole(sum(results.map((r) => r.measured)))} | ${whole(sum(results.map((r) => r.errors)))} |`;
  const verdict = (met: boolean) => (met ? "met" : "missed");
  /**
   * `measure` of each socialroi turn over the bare turn just before it: a slow moment of the
   * machine, which falls on both, cancels out of the ratio.
   */
  const turnRatios = (measure: (run: LoadResult) => number) =>
    rows.recorded.map((run, turn) => measure(run) / measure(rows.bare[turn]!));
  /** A ratio's line of the report: the median of the turns' ratios, their range, and the goal's verdict. */
  const ratioLine = (name: string, ratios: number[], goal: string, met: (ratio: number) => boolean) => {
    const ratio = median(ratios);
    return `${name} socialroi / bare, the median of the ${ratios.length} ${ratios.length === 1 ? "turn's ratio" : "turns' ratios"}: **${ratio.toFixed(2)}×** (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; goal ${goal}: ${verdict(met(ratio))})`;
  };
  const recordedP99 = median(rows.recorded.map((r) => r.p99Ms));
  const bareP99 = median(rows.bare.map((r) => r.p99Ms));
  const newVisitorAnswers = sum([...rows.recorded, ...rows.recordedPaced].map((r) => r.answered));
  const newVisitorRuns = 2 * (rows.recorded.length + rows.recordedPaced.length);
  const rate = PACED_RATE.toLocaleString("en-US");
  const lua = relative(REPO, LUA);
  const command = (mode: Mode, r: number, seconds = DURATION_SECONDS) =>
    `wrk ${wrkArgs("http://127.0.0.1:PORT", seconds, mode, "TAG", r, lua).join(" ")}`;
  const machine = `${execFileSync("uname", ["-m"], { encoding: "utf8" }).trim()} (\`uname -m\`), ${execFileSync("nproc", { encoding: "utf8" }).trim()} CPUs (\`nproc\`) — ${cpus()[0]?.model ?? "unknown"}`;

  const storeLine = CLUSTER
    ? "Store: the cluster mode, settings in PostgreSQL 15 and clicks in a two-shard ClickHouse 18.16 cluster (Debian's packages, both shards on this machine, `scripts/test-services.sh`), a database of the run's own; `SOCIALROI_BENCH_STORE=cluster`. The clicks count after shutdown is `socialroi link list --json`'s, read from ClickHouse."
    : "Store: the embedded DuckDB file, a new one for the run.";
  const report = `# Redirect benchmark${CLUSTER ? ", cluster mode" : ""}

\`${CLUSTER ? "SOCIALROI_BENCH_STORE=cluster " : ""}npx tsx bench/redirect.ts\` — wrk (C), ${THREADS} thread, ${CONNECTIONS} connections, ${DURATION_SECONDS} s per run after a ${WARM_UP_SECONDS} s warm-up in the same mode, loopback only,
\`GET /l/${SLUG}\`. Both servers run on node with the options the built \`socialroi\` command gives it (\`${nodeOptions.join(" ") || "none"}\`). Both servers start once, then ${TURNS} ${TURNS === 1 ? "turn" : "turns"} each, alternating bare, socialroi, bare, socialroi…;
each figure is the median over the turns, with min–max in brackets. The exact wrk command lines (PORT: the server's; TAG: unique per run):

- every request a new visitor: \`${command("new", 0)}\`
- returning visitor: \`${command("returning", 0)}\`
- paced: \`${command("new", PACED_RATE)}\`
- each warm-up: the same with \`-d${WARM_UP_SECONDS}s\`

\`${lua}\` gives every request of a new-visitor run its own user agent (a fixed browser string followed by
\` v/TAG-THREAD-N\`: run tag, wrk thread, request number), so every request is a new visitor and a recorded
click, and no user agent comes back in a later run; the returning visitor sends the fixed string alone.
wrk has no rate option: in the paced runs its \`delay()\` hook makes each of the ${CONNECTIONS} connections wait,
after each response, a random time averaging ${CONNECTIONS}/${rate} s = ${((CONNECTIONS * 1000) / PACED_RATE).toFixed(0)} ms (uniform from 0 to twice that, so the
connections do not fire together) before its next request; the latency wrk records leaves that wait out.

${storeLine}

Machine: ${machine}; Node ${process.version}; ${autogroupScheduling()}; run ${started}.
Server and load generator share the machine; load average before the run: ${loadBefore}; after: ${loadAfter}.

| server | req/s | p50 ms | p99 ms | server CPU µs per request | 302 answers (all turns) | errors (all turns) |
|---|---:|---:|---:|---:|---:|---:|
${row("bare node:http 302", rows.bare)}
${row("socialroi /l/:slug, every request a new click", rows.recorded)}
${row("socialroi /l/:slug, returning visitor (no new click)", rows.returning)}
${row(`bare node:http 302, paced at ${rate} req/s`, rows.barePaced)}
${row(`socialroi, every request a new click, paced at ${rate} req/s`, rows.recordedPaced)}

${ratioLine(
  "Throughput ratio",
  turnRatios((run) => run.rps),
  `≥ ${THROUGHPUT_GOAL}×`,
  (ratio) => ratio >= THROUGHPUT_GOAL,
)};
${ratioLine(
  "p99 ratio",
  turnRatios((run) => run.p99Ms),
  `≤ ${P99_GOAL}×`,
  (ratio) => ratio <= P99_GOAL,
)};
the medians over the turns: socialroi ${ms(recordedP99)} ms, the bare server ${ms(bareP99)} ms (${(recordedP99 / bareP99).toFixed(2)}×).
Server CPU per new click: ${whole(median(rows.recorded.map((r) => r.cpuMicroseconds)))} µs against the bare server's ${whole(median(rows.bare.map((r) => r.cpuMicroseconds)))} µs per 302 (medians).
At ${rate} requests a second, where neither server saturates the CPU, socialroi's p99 is
${ms(median(rows.recordedPaced.map((r) => r.p99Ms)))} ms against the bare server's ${ms(median(rows.barePaced.map((r) => r.p99Ms)))} ms.
Clicks in the database after shutdown: ${clicks.toLocaleString("en-US")}; redirects answered to new visitors, warm-ups included: ${newVisitorAnswers.toLocaleString("en-US")} (each is one click, and the returning visitor adds one; the database may hold up to ${CONNECTIONS} more per wrk run, ${newVisitorRuns} runs: requests in flight when wrk stops are answered and recorded, but not counted by it).

Where a new click's time goes. On the request path: link cache, bot check (isbot), visitor hash
(sha256 of the day's salt, address and user agent), click id (cut from a buffer of ids drawn a few
hundred at a time), the de-duplication of a visitor's clicks on a link (a ring of the last clicks and
a map per link keyed by the visitor hash: no object per click), and the log line; the lines of one
event-loop turn go to the write-ahead log in one \`write(2)\`, and their 302s go out right after it.
Until its flush a click leaves only its id and link in memory, and its user agent's description
(or the agent, among the first 250 not described yet). Off the request path, every second or 50,000
clicks: those new user agents are parsed in a worker thread (ua-parser-js, at most 250 a second),
then DuckDB reads the sealed log segment itself and appends it to \`clicks\` (no unique index to
maintain${CLUSTER ? "; in the cluster mode into the server's working copy, from which the store sends the batch to ClickHouse as one insert" : ""}) with the descriptions at hand; the other clicks keep their user agent in the row, described
later, as rows of their own in \`user_agents\` (no stored click is changed), by a pass that runs only while new clicks leave the budget whole. \`serve\` gives DuckDB one thread fewer than the machine's cores
(here ${serverEnvironment(process.env)["SOCIALROI_THREADS"]}): with a thread on every core its flush took the core the redirects were waiting for. With a new user agent on every request this run is the worst case
for that parsing. The redirect is answered on node:http
ahead of Fastify, which keeps the rest of the API. Server CPU per request is the server process's
CPU time (all threads) over each measured ${DURATION_SECONDS} s divided by the requests answered: unlike req/s, the load
generator's share of the machine barely changes it.
`;
  writeFileSync(OUT, report);
  process.stdout.write(report);
}

await main();
