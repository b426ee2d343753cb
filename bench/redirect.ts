/**
 * Redirect throughput and latency: socialroi's `GET /l/:slug` with click recording on, next to a
 * bare node:http server answering the same 302, in the same run. Both are plain node processes:
 * socialroi is the built `socialroi serve` (run `npm run build` first; `npm run bench` does), the
 * bare server a few lines of JavaScript. autocannon (64 connections, 10 s) runs here. Every
 * request carries its own user agent, so each one is a new visitor and a recorded click (the
 * hourly de-duplication would otherwise turn the run into one click). Writes bench/redirect.md.
 *
 *   npx tsx bench/redirect.ts
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";

const CONNECTIONS = 64;
const DURATION_SECONDS = 10;
const SLUG = "bench";
const DESTINATION = "https://shop.example/book?utm_source=instagram&utm_medium=social&utm_campaign=launch";
const USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  "3xx": number;
}
interface AutocannonRequest {
  setupRequest?: (request: { headers?: Record<string, string> }) => { headers?: Record<string, string> };
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types and @types/autocannon is not installed: the shape used is declared above.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** The baseline: the same 302 with a fresh click id, and nothing else. */
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

/** Starts a server process and waits for the address it prints. */
async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) return { url, child };
  }
  throw new Error(`server did not start: ${output}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** Every request a new visitor (own user agent, so a new click), or one visitor coming back (no new click). */
async function load(url: string, newVisitors: boolean): Promise<AutocannonResult> {
  let visitor = 0;
  const requests = [
    {
      setupRequest: (request: { headers?: Record<string, string> }) => ({
        ...request,
        headers: {
          ...request.headers,
          "user-agent": newVisitors ? `${USER_AGENT} v/${++visitor}` : USER_AGENT,
        },
      }),
    },
  ];
  // A short warm-up so JIT and caches are in the same state for both servers.
  await autocannon({ url: `${url}/l/${SLUG}`, connections: CONNECTIONS, duration: 2, requests });
  return autocannon({
    url: `${url}/l/${SLUG}`,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    requests,
  });
}

async function main(): Promise<void> {
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  const bare = await startServer(["-e", BARE_SERVER]);
  const bareResult = await load(bare.url, true);
  await stopServer(bare.child);

  const dir = mkdtempSync(join(tmpdir(), "socialroi-bench-"));
  const db = join(dir, "bench.duckdb");
  execFileSync(process.execPath, [
    CLI,
    "link",
    "create",
    "--db",
    db,
    "--url",
    "https://shop.example/book",
    "--network",
    "instagram",
    "--campaign",
    "launch",
    "--slug",
    SLUG,
  ]);
  // Every request comes from this machine's address: rate limiting per address would stop counting.
  const socialroi = await startServer([CLI, "serve", "--db", db, "--port", "0"], {
    SOCIALROI_RATE_LIMIT: "0",
  });
  const recorded = await load(socialroi.url, true);
  const returning = await load(socialroi.url, false);
  await stopServer(socialroi.child);
  const store = await DuckDbStore.open(db);
  const [counted] = await store.all<{ n: number }>("SELECT count(*) AS n FROM clicks");
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const clicks = counted?.n ?? 0;

  const row = (name: string, r: AutocannonResult) =>
    `| ${name} | ${Math.round(r.requests.average).toLocaleString("en-US")} | ${r.latency.p50} | ${r.latency.p99} | ${r["3xx"].toLocaleString("en-US")} | ${r.non2xx - r["3xx"] + r.errors} |`;
  const ratio = recorded.requests.average / bareResult.requests.average;
  const cpu = cpus()[0]?.model ?? "unknown";
  const report = `# Redirect benchmark

\`npx tsx bench/redirect.ts\` — autocannon, ${CONNECTIONS} connections, ${DURATION_SECONDS} s (after a 2 s warm-up), loopback only,
\`GET /l/${SLUG}\` with a new user agent per request so that every request is a new visitor and a recorded click.

Machine: ${execFileSync("uname", ["-m"], { encoding: "utf8" }).trim()} (\`uname -m\`), ${cpus().length} CPUs (\`nproc\`) — ${cpu}; Node ${process.version}; run ${new Date().toISOString()}.
Server and load generator share the machine; load average before the run: ${loadBefore}.

| server | req/s (mean) | p50 ms | p99 ms | 302 answers | errors |
|---|---:|---:|---:|---:|---:|
${row("bare node:http 302", bareResult)}
${row("socialroi /l/:slug, every request a new click", recorded)}
${row("socialroi /l/:slug, returning visitor (no new click)", returning)}

Throughput ratio socialroi / bare: **${ratio.toFixed(2)}×** (goal ≥ 0.75×); socialroi p99 **${recorded.latency.p99} ms** (goal ≤ 10 ms).
Clicks in the database after shutdown: ${clicks.toLocaleString("en-US")} (warm-ups included; every answered redirect to a new visitor is one click).

Where a new click's time goes: on the request path, bot check, visitor hash (sha256), click id and one
\`write(2)\` to the log before the 302; off it, every second, user-agent parsing (ua-parser-js, a few hundred
microseconds per user agent never seen before, in a worker thread) and one DuckDB insert per batch. With a new
user agent on every request this run is the worst case for parsing; real traffic repeats user agents, which are
cached. The returning-visitor row is the redirect path alone (link cache, bot check, hash, de-duplication).
On a machine with few cores the load generator competes with the server's worker and DuckDB threads, which
weighs on the ratio more than on a server that only answers redirects.
`;
  writeFileSync(fileURLToPath(new URL("redirect.md", import.meta.url)), report);
  process.stdout.write(report);
}

await main();
