/**
 * Redirect throughput and latency: socialroi's `GET /l/:slug` with click recording on, next to a
 * bare node:http server answering the same 302, in the same run. Each server runs in its own
 * process; autocannon (64 connections, 10 s) runs here. Every request carries its own user agent,
 * so each one is a new visitor and a recorded click (the hourly de-duplication would otherwise
 * turn the run into one click). Writes bench/redirect.md.
 *
 *   npx tsx bench/redirect.ts
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CONNECTIONS = 64;
const DURATION_SECONDS = 10;
const SLUG = "bench";
const DESTINATION = "https://shop.example/book?utm_source=instagram&utm_medium=social&utm_campaign=launch";
const USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

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

type Message = { ready: string } | { clicks: number };

async function serveBare(): Promise<void> {
  const server = createServer((_request, response) => {
    const clickId = `clk_${randomBytes(12).toString("base64url")}`;
    response.writeHead(302, {
      location: `${DESTINATION}&sr_id=${clickId}`,
      "cache-control": "private, no-store",
    });
    response.end();
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address && typeof address === "object") process.send?.({ ready: `http://127.0.0.1:${address.port}` });
  });
}

async function serveSocialroi(): Promise<void> {
  const { buildApp } = await import("../src/server/app.js");
  const { DuckDbStore } = await import("../src/store/duckdb/duckdb-store.js");
  const { defaultWorkspace } = await import("../src/store/workspaces.js");
  const { createLink } = await import("../src/tracking/create-link.js");
  const dir = mkdtempSync(join(tmpdir(), "socialroi-bench-"));
  process.env["SOCIALROI_RATE_LIMIT"] = "0";
  const store = await DuckDbStore.open(join(dir, "bench.duckdb"));
  const workspace = await defaultWorkspace(store);
  await createLink(store, workspace.id, {
    url: "https://shop.example/book",
    network: "instagram",
    campaign: "launch",
    slug: SLUG,
  });
  const app = await buildApp({ store, workspace });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  process.send?.({ ready: url });
  process.on("message", async () => {
    await app.close();
    const [row] = await store.all<{ n: number }>("SELECT count(*) AS n FROM clicks");
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    process.send?.({ clicks: row?.n ?? 0 });
    process.exit(0);
  });
}

async function next(child: ChildProcess): Promise<Message> {
  const [message] = (await once(child, "message")) as [Message];
  return message;
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

async function start(role: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), [role], { execArgv: ["--import", "tsx"] });
  const ready = await next(child);
  if (!("ready" in ready)) throw new Error("server did not start");
  return { url: ready.ready, child };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  const bare = await start("--bare");
  const bareResult = await load(bare.url, true);
  bare.child.kill();
  const socialroi = await start("--socialroi");
  const recorded = await load(socialroi.url, true);
  const returning = await load(socialroi.url, false);
  socialroi.child.send("stop");
  const stopped = await next(socialroi.child);
  const clicks = "clicks" in stopped ? stopped.clicks : 0;

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

const role = process.argv[2];
if (role === "--bare") await serveBare();
else if (role === "--socialroi") await serveSocialroi();
else await main();
