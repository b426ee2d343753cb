/**
 * A connection PostgreSQL ends (a restart, a failover, an administrator, a proxy's idle timeout)
 * while a transaction holds it, between two statements, as the cluster store's writes do while
 * DuckDB and ClickHouse work: the transaction fails, the process goes on, the pool serves the next.
 * Ended while idle in the pool, it fails the next read sent on it, which is sent again on another.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Postgres } from "../../src/store/cluster/postgres.js";

const url = process.env.SOCIALROI_TEST_POSTGRES_URL;
const skip = url ? false : "SOCIALROI_TEST_POSTGRES_URL not set (scripts/test-services.sh start)";

test("a transaction whose connection PostgreSQL ends between statements fails alone", { skip }, async () => {
  const postgres = await Postgres.connect(url as string);
  const admin = await Postgres.connect(url as string);
  // Node ends the process on an 'error' event nobody listens to: the test would not report.
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", onUncaught);
  try {
    const ended = postgres.transaction(async (session) => {
      const [{ pid } = { pid: 0 }] = await session.all<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await admin.all("SELECT pg_terminate_backend($pid)", { pid });
      // PostgreSQL's notice that it ends the connection arrives while no statement runs on it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await session.all("SELECT 1");
    });
    await assert.rejects(ended);
    assert.deepEqual(uncaught, []);
    assert.deepEqual(await postgres.all("SELECT 1 AS one"), [{ one: 1 }]);
    assert.deepEqual(await postgres.transaction((session) => session.all("SELECT 2 AS two")), [{ two: 2 }]);
  } finally {
    process.off("uncaughtException", onUncaught);
    await postgres.close();
    await admin.close();
  }
});

/** Ends the connection of process PID from another process, and waits until it is gone. */
const TERMINATE = `
import pg from "pg";
const client = new pg.Client({ connectionString: process.env.URL });
await client.connect();
await client.query("SELECT pg_terminate_backend($1)", [Number(process.env.PID)]);
while ((await client.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [Number(process.env.PID)])).rowCount)
  await new Promise((resolve) => setTimeout(resolve, 10));
await client.end();
`;

test("a read sent on an idle connection PostgreSQL has ended is sent again on another", {
  skip,
}, async () => {
  const postgres = await Postgres.connect(url as string);
  try {
    const [{ pid } = { pid: 0 }] = await postgres.all<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    // Run while this process is blocked, so that the pool has not heard of it: it still holds the
    // connection as idle and hands it to the next read.
    execFileSync(process.execPath, ["--input-type=module", "-e", TERMINATE], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, URL: url, PID: String(pid) },
    });
    assert.deepEqual(await postgres.all("SELECT 1 AS one"), [{ one: 1 }]);
    assert.equal(await postgres.text("SELECT 'still' AS word"), "still");
  } finally {
    await postgres.close();
  }
});
