/**
 * Two `socialroi serve` processes on one cluster (PostgreSQL + ClickHouse): a link created while
 * both run redirects on both; every click either answers is stored once, also those the first
 * had logged but not yet stored when it was killed with SIGKILL (replayed when it starts again).
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after } from "node:test";
import { ClusterStore } from "../../src/store/cluster/cluster-store.js";
import { runCli } from "../cli/run-cli.js";
import { forEachClusterBackend } from "../store/cluster-backends.js";
import { BROWSER, clickIdOf, startServeProcess, tempDir } from "./helpers.js";

const temp = tempDir();
const running = new Set<ChildProcess>();

after(() => {
  for (const child of running) child.kill("SIGKILL");
  temp.remove();
});

type Server = { child: ChildProcess; url: string; log: () => string };

function startServe(db: string, env: NodeJS.ProcessEnv): Promise<Server> {
  return startServeProcess(db, env, running);
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, "exit");
}

const redirect = (url: string, agent: string) =>
  fetch(`${url}/l/both`, { redirect: "manual", headers: { "user-agent": agent } });

/** Polls until `check` holds, for up to `ms`; its last value. */
async function eventually<T>(ms: number, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

forEachClusterBackend(
  "two servers share links and count every click once, through a kill -9",
  async ({ postgresUrl, clickhouseUrl, clickhouse }) => {
    const env = {
      ...process.env,
      SOCIALROI_POSTGRES_URL: postgresUrl,
      SOCIALROI_CLICKHOUSE_URL: clickhouseUrl,
    };
    const dbA = join(temp.dir, `${clickhouse.database}-a.duckdb`);
    const dbB = join(temp.dir, `${clickhouse.database}-b.duckdb`);
    assert.equal(runCli(["migrate"], undefined, env).status, 0);
    assert.equal(runCli(["init", "--name", "Both", "--db", dbA], undefined, env).status, 0);
    let a = await startServe(dbA, env);
    const b = await startServe(dbB, env);
    try {
      // Asked before the link exists: both remember the slug as unknown.
      assert.equal((await redirect(a.url, BROWSER)).status, 404);
      assert.equal((await redirect(b.url, BROWSER)).status, 404);
      const created = runCli(
        [
          "link",
          "create",
          "--url",
          "https://shop.example/x",
          "--slug",
          "both",
          "--network",
          "facebook",
          "--db",
          dbA,
        ],
        undefined,
        env,
      );
      assert.equal(created.status, 0, created.stderr);
      for (const server of [a, b]) {
        const response = await eventually(
          2000,
          () => redirect(server.url, `${BROWSER} first/${server === a ? "a" : "b"}`),
          (r) => r.status === 302,
        );
        assert.equal(response.status, 302, `${server.url} redirects once the link exists`);
        assert.match(response.headers.get("location") ?? "", /^https:\/\/shop\.example\/x\?.*sr_id=clk_/);
      }
      const answered = new Set<string>();
      const clicks = async (url: string, tag: string, count: number) => {
        for (let batch = 0; batch < count; batch += 20) {
          const responses = await Promise.all(
            Array.from({ length: Math.min(20, count - batch) }, (_, i) =>
              redirect(url, `${BROWSER} ${tag}/${batch + i}`),
            ),
          );
          for (const response of responses) {
            assert.equal(response.status, 302);
            answered.add(clickIdOf(response)!);
          }
        }
      };
      await clicks(b.url, "b", 60);
      await clicks(a.url, "a", 120);
      // Killed before its next flush: its last clicks are in its log only.
      await stop(a.child, "SIGKILL");
      a = await startServe(dbA, env);
      await clicks(a.url, "again", 30);
      // The two probes of the link's first redirects are clicks too.
      const expected = answered.size + 2;
      const count = async () => {
        const listed = runCli(["link", "list", "--db", dbB, "--json"], undefined, env);
        assert.equal(listed.status, 0, listed.stderr);
        return (JSON.parse(listed.stdout) as { links: { slug: string; clicks: number }[] }).links[0]?.clicks;
      };
      assert.equal(await eventually(10_000, count, (n) => n === expected), expected);
      await stop(a.child, "SIGTERM");
      await stop(b.child, "SIGTERM");
      // Stopped: their logs are stored, and a restart replays nothing twice.
      a = await startServe(dbA, env);
      await stop(a.child, "SIGTERM");
      const store = await ClusterStore.open({ postgresUrl, clickhouse });
      try {
        const stored = await store.all<{ click_id: string }>("SELECT click_id FROM clicks");
        assert.equal(stored.length, expected);
        for (const id of answered)
          assert.ok(
            stored.some((row) => row.click_id === id),
            `${id} is stored`,
          );
      } finally {
        await store.close();
      }
    } catch (error) {
      // What the servers said is the first thing to read when they stop answering.
      throw new Error(`${(error as Error).message}\nserver A: ${a.log()}\nserver B: ${b.log()}`, {
        cause: error,
      });
    } finally {
      await stop(a.child, "SIGKILL");
      await stop(b.child, "SIGKILL");
    }
  },
  { overHttpOnly: true },
);
