/**
 * A cluster server whose PostgreSQL connections are ended under it (a restart, a failover, an
 * administrator) while clicks come in: it keeps answering, counts every click it answered once
 * (a flush lost after ClickHouse took its rows is taken again without them), and stops when told.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after } from "node:test";
import { Postgres } from "../../src/store/cluster/postgres.js";
import { runCli } from "../cli/run-cli.js";
import { forEachClusterBackend } from "../store/cluster-backends.js";
import { BROWSER, clickIdOf, startServeProcess, tempDir } from "./helpers.js";

const temp = tempDir();
const running = new Set<ChildProcess>();

after(() => {
  for (const child of running) child.kill("SIGKILL");
  temp.remove();
});

const ROUNDS = 8;
const CLICKS_PER_ROUND = 40;

forEachClusterBackend(
  "a server whose PostgreSQL connections are ended keeps answering and counts each click once",
  async ({ postgresUrl, clickhouseUrl, clickhouse }) => {
    const env = {
      ...process.env,
      SOCIALROI_POSTGRES_URL: postgresUrl,
      SOCIALROI_CLICKHOUSE_URL: clickhouseUrl,
    };
    const db = join(temp.dir, `${clickhouse.database}.duckdb`);
    assert.equal(runCli(["migrate"], undefined, env).status, 0);
    assert.equal(runCli(["init", "--name", "Lost", "--db", db], undefined, env).status, 0);
    const link = ["link", "create", "--url", "https://shop.example/x", "--slug", "lost", "--db", db];
    assert.equal(runCli(link, undefined, env).status, 0);
    const server = await startServeProcess(db, env, running);
    const admin = await Postgres.connect(postgresUrl);
    const answered = new Set<string>();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const responses = await Promise.all(
          Array.from({ length: CLICKS_PER_ROUND }, (_, i) =>
            fetch(`${server.url}/l/lost`, {
              redirect: "manual",
              headers: { "user-agent": `${BROWSER} build/${round}-${i}` },
            }).catch((error: unknown) => assert.fail(`${String(error)}\n${server.log()}`)),
          ),
        );
        for (const response of responses) {
          if (response.status !== 302)
            assert.fail(`${response.status} ${await response.text()}\n${server.log()}`);
          const id = clickIdOf(response);
          if (id) answered.add(id);
        }
        // Every connection of the server's database, again and again for longer than the server
        // takes to flush (once a second): among them the one a flush of the clicks above holds
        // while ClickHouse takes its rows.
        for (const until = Date.now() + 1200; Date.now() < until; ) {
          await admin.all(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
          );
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      assert.equal(answered.size, ROUNDS * CLICKS_PER_ROUND);
      server.child.kill("SIGTERM");
      const [code] = (await once(server.child, "exit")) as [number | null];
      assert.equal(code, 0, server.log());
      const listed = runCli(["link", "list", "--json", "--db", db], undefined, env);
      const links = JSON.parse(listed.stdout) as { links: { slug: string; clicks: number }[] };
      assert.deepEqual(
        links.links.map((l) => [l.slug, l.clicks]),
        [["lost", answered.size]],
      );
    } finally {
      await admin.close();
    }
  },
  { overHttpOnly: true },
);
