import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { CLI, runCli } from "../cli/run-cli.js";
import { startServer } from "../tracking/helpers.js";

/** The files under `<database>.work`, where uploads are written on their way into the database. */
function workFiles(db: string): string[] {
  const work = `${db}.work`;
  return existsSync(work) ? readdirSync(work, { recursive: true }).map(String) : [];
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(condition(), what);
}

test("an upload cut short by a kill is removed when the database is next opened", async () => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-uploads-"));
  const db = join(dir, "socialroi.duckdb");
  const { token } = JSON.parse(runCli(["token", "create", "--db", db, "--json"]).stdout) as { token: string };
  const server = spawn(process.execPath, [CLI, "serve", "--db", db, "--port", "0"]);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.on("data", (data: Buffer) => {
        const match = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(data.toString());
        if (match) resolve(Number(match[1]));
      });
      server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const upload = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/imports?filename=costs.csv",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
    });
    upload.on("error", () => undefined);
    upload.write(
      `date,end_date,category,amount,currency,network,campaign,description,recurrence\n${"x".repeat(65536)}`,
    );
    await waitFor(
      () => workFiles(db).some((file) => file.endsWith("costs.csv")),
      "the upload is being written",
    );
  } finally {
    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("close", resolve));
  }
  assert.ok(workFiles(db).length > 0, "the killed server left its upload behind");
  const store = await DuckDbStore.open(db);
  assert.deepEqual(workFiles(db), []);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("an upload is removed once imported, and once refused", async () => {
  const server = await startServer();
  try {
    const body = "date,end_date,category,amount,currency,network,campaign,description,recurrence\n";
    for (const row of ["2026-03-01,,ads,10,EUR,facebook,,,", "2026-03-01,,not-a-category,10,EUR,,,,"]) {
      const response = await fetch(`${server.url}/api/imports?filename=costs.csv`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": "text/csv" },
        body: `${body}${row}\n`,
      });
      assert.ok([200, 400].includes(response.status), await response.text());
      assert.deepEqual(workFiles(server.store.location), []);
    }
  } finally {
    await server.close();
  }
});
