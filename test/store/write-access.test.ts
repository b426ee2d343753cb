import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { StoreUnavailableError } from "../../src/store/store.js";
import { CLI } from "../cli/run-cli.js";

const NOBODY = 65534;

test("a failed write inside a transaction reports its own error, not the rollback's", async () => {
  const store = await DuckDbStore.open(":memory:");
  // What an I/O error does: DuckDB ends the transaction itself, so ROLLBACK finds none.
  const failure = store.transaction(async () => {
    await store.run("ROLLBACK");
    throw new Error("Could not write file: No space left on device");
  });
  await assert.rejects(failure, /No space left on device/);
  await store.transaction(() => store.run("CREATE TABLE still_usable (n INTEGER)"));
  await store.close();
});

test("a database path under a file names the file in the way", async () => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-access-"));
  writeFileSync(join(dir, "report.pdf"), "");
  await assert.rejects(DuckDbStore.open(join(dir, "report.pdf", "socialroi.duckdb")), (error: Error) => {
    assert.ok(error instanceof StoreUnavailableError);
    assert.match(error.message, /report\.pdf is a file, not a folder: or pass --db/);
    return true;
  });
  rmSync(dir, { recursive: true, force: true });
});

test("a read-only folder: which folder, which permission, what to do", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-access-"));
  const folder = join(dir, "read-only");
  mkdirSync(folder);
  chmodSync(folder, 0o555);
  chmodSync(dir, 0o755);
  // Root writes through any mode: the command then runs as nobody, when this process may switch to it.
  const asRoot = process.getuid?.() === 0;
  const run = spawnSync(process.execPath, [CLI, "init", "--db", join(folder, "socialroi.duckdb")], {
    encoding: "utf8",
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  rmSync(dir, { recursive: true, force: true });
  if (run.error) {
    t.skip(`cannot run the command as another user than root (${run.error.message}): not checked`);
    return;
  }
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`cannot create files in the folder ${folder}`));
  assert.match(run.stderr, /give \S+ write permission on the folder/);
  assert.doesNotMatch(run.stderr, /Unexpected error/);
});
