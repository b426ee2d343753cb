import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import { migrateClickHouse } from "../../src/store/cluster/migrate-clickhouse.js";
import { forEachClusterBackend } from "../store/cluster-backends.js";
import { runCli } from "./run-cli.js";

/** The environment without either cluster variable, whatever the test run was started with. */
function embeddedEnvironment(): NodeJS.ProcessEnv {
  const { SOCIALROI_POSTGRES_URL: _pg, SOCIALROI_CLICKHOUSE_URL: _ch, ...rest } = process.env;
  return rest;
}

test("socialroi migrate brings a DuckDB file to the current schema", async () => {
  const dir = await mkdtemp(join(tmpdir(), "socialroi-migrate-"));
  try {
    const db = join(dir, "a.duckdb");
    const result = runCli(["migrate", "--db", db, "--json"], undefined, embeddedEnvironment());
    assert.equal(result.status, 0, result.stderr);
    const outcome = JSON.parse(result.stdout) as { mode: string; version: number };
    assert.equal(outcome.mode, "embedded");
    assert.ok(outcome.version >= 11);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("socialroi migrate refuses half a cluster, naming the missing variable", () => {
  const result = runCli(["migrate"], undefined, {
    ...embeddedEnvironment(),
    SOCIALROI_POSTGRES_URL: "postgres://u:secret@127.0.0.1:1/x",
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /SOCIALROI_CLICKHOUSE_URL: is not set/);
  assert.doesNotMatch(result.stderr, /secret|at .*\.js/);
});

forEachClusterBackend(
  "socialroi migrate creates the cluster's schemas, then says they are up to date",
  async ({ postgresUrl, clickhouseUrl }) => {
    const env = {
      ...process.env,
      SOCIALROI_POSTGRES_URL: postgresUrl,
      SOCIALROI_CLICKHOUSE_URL: clickhouseUrl,
    };
    const first = runCli(["migrate", "--json"], undefined, env);
    assert.equal(first.status, 0, first.stderr);
    const changes = (JSON.parse(first.stdout) as { mode: string; changes: string[] }).changes;
    assert.ok(changes.includes("PostgreSQL: created workspaces"), changes.join("\n"));
    assert.ok(changes.some((line) => /ClickHouse.*: created conversions/.test(line)));
    const again = runCli(["migrate"], undefined, env);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, "PostgreSQL and ClickHouse: up to date\n");
  },
  { overHttpOnly: true },
);

forEachClusterBackend(
  "a command on a cluster whose schemas were never created says to run migrate, for either database",
  async ({ postgresUrl, clickhouseUrl, clickhouse, shards }) => {
    const env = {
      ...process.env,
      SOCIALROI_POSTGRES_URL: postgresUrl,
      SOCIALROI_CLICKHOUSE_URL: clickhouseUrl,
    };
    const neither = runCli(["roi"], undefined, env);
    assert.equal(neither.status, 1);
    assert.match(neither.stderr, /^socialroi: ClickHouse at .*: run `socialroi migrate`/);
    await migrateClickHouse(shards, clickhouse, await readEmbeddedSchema());
    const clickhouseOnly = runCli(["roi"], undefined, env);
    assert.equal(clickhouseOnly.status, 1);
    assert.match(clickhouseOnly.stderr, /^socialroi: PostgreSQL at .*: run `socialroi migrate`/);
    assert.doesNotMatch(clickhouseOnly.stderr, /Unexpected error/);
  },
  { overHttpOnly: true },
);
