import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mock, test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { REWRITE_REQUEST } from "../../src/store/duckdb/migrations.js";
import { saltName } from "../../src/store/secret-file.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { ClickLog } from "../../src/tracking/click-log.js";
import { VisitorHasher } from "../../src/tracking/visitor-hash.js";
import { setWebhookSecret, webhookSecret } from "../../src/tracking/webhook-secrets.js";

function folder(): { dir: string; db: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-secrets-"));
  return {
    dir,
    db: join(dir, "socialroi.duckdb"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The files of the folder whose bytes hold `text`. */
function filesHolding(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => readFileSync(path).includes(text));
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test("DuckDB leaves a deleted value in its file, even after CHECKPOINT: why secrets are kept out of it", async () => {
  const { dir, db, remove } = folder();
  const store = await DuckDbStore.open(db);
  await store.run("CREATE TABLE kept (name VARCHAR, secret VARCHAR)");
  await store.run("INSERT INTO kept VALUES ('a', 'whsec_duckdb_keeps_4f9c2e'), ('b', 'other')");
  await store.run("CHECKPOINT");
  await store.run("UPDATE kept SET secret = 'xxxxxxxxxxxxxxxxxxxxxxxxx' WHERE name = 'a'");
  await store.run("DELETE FROM kept WHERE name = 'a'");
  await store.run("CHECKPOINT");
  await store.close();
  assert.deepEqual(filesHolding(dir, "whsec_duckdb_keeps_4f9c2e"), [db]);
  remove();
});

test("a replaced or removed webhook secret is in no file: not the database, its .wal, nor the secret file", async () => {
  const { dir, db, remove } = folder();
  let store = await DuckDbStore.open(db);
  const { id } = await defaultWorkspace(store);
  await setWebhookSecret(store, id, "stripe", "whsec_first_7d1a90");
  await setWebhookSecret(store, id, "stripe", "whsec_second_c3b5e2");
  await setWebhookSecret(store, id, "shopify", "shpss_removed_0a8f4d");
  await setWebhookSecret(store, id, "shopify", undefined);
  assert.deepEqual(filesHolding(dir, "whsec_first_7d1a90"), []);
  assert.deepEqual(filesHolding(dir, "shpss_removed_0a8f4d"), []);
  assert.deepEqual(filesHolding(dir, "whsec_second_c3b5e2"), [`${db}.secrets`]);
  await store.close();
  store = await DuckDbStore.open(db);
  assert.equal(await webhookSecret(store, id, "stripe"), "whsec_second_c3b5e2");
  assert.equal(await webhookSecret(store, id, "shopify"), undefined);
  await store.close();
  assert.deepEqual(filesHolding(dir, "whsec_first_7d1a90"), []);
  remove();
});

test("the salt is replaced at UTC midnight without a click, and the old one is left in no file", async () => {
  const { dir, db, remove } = folder();
  const store = await DuckDbStore.open(db);
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: Date.parse("2026-03-01T23:59:30Z") });
  try {
    const hasher = VisitorHasher.start(store.secrets);
    const before = hasher.hash("198.51.100.7", "agent");
    const oldSalt = store.secrets.get(saltName("2026-03-01"))!;
    assert.deepEqual(filesHolding(dir, oldSalt), [`${db}.secrets`]);
    mock.timers.tick(30_000);
    assert.equal(store.secrets.get(saltName("2026-03-01")), undefined);
    assert.deepEqual(store.secrets.names("salt:"), [saltName("2026-03-02")]);
    assert.deepEqual(filesHolding(dir, oldSalt), []);
    assert.notEqual(
      hasher.hash("198.51.100.7", "agent"),
      before,
      "the same visitor is someone else tomorrow",
    );
    mock.timers.tick(24 * 60 * 60 * 1000);
    assert.deepEqual(store.secrets.names("salt:"), [saltName("2026-03-03")], "and again the next midnight");
    hasher.close();
  } finally {
    mock.timers.reset();
  }
  await store.close();
  remove();
});

test("a database that held salts and webhook secrets is written afresh once, without them", async () => {
  const { dir, db, remove } = folder();
  // The tables as version 10 left them, filled as the code before did: yesterday's salt deleted.
  let store = await DuckDbStore.open(db);
  const { id } = await defaultWorkspace(store);
  await store.run(`
    DELETE FROM schema_migrations WHERE version = 11;
    CREATE TABLE visitor_salts (day DATE PRIMARY KEY, salt VARCHAR NOT NULL);
    CREATE TABLE webhook_secrets (workspace_id VARCHAR NOT NULL, provider VARCHAR NOT NULL, secret VARCHAR NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, provider));
    INSERT INTO visitor_salts VALUES ('2026-03-01', 'salt_of_yesterday_e41b07');
    CHECKPOINT;
    INSERT INTO visitor_salts VALUES ('2026-03-02', 'salt_of_today_9a62cf');
    DELETE FROM visitor_salts WHERE day < '2026-03-02';
  `);
  await store.run(
    "INSERT INTO webhook_secrets (workspace_id, provider, secret) VALUES ($id, 'stripe', 'whsec_legacy_55d0b3')",
    {
      id,
    },
  );
  await store.close();
  assert.deepEqual(filesHolding(dir, "salt_of_yesterday_e41b07"), [db]);

  store = await DuckDbStore.open(db);
  assert.equal((await defaultWorkspace(store)).id, id, "the data is all there");
  assert.equal(await webhookSecret(store, id, "stripe"), "whsec_legacy_55d0b3");
  assert.equal(store.secrets.get(saltName("2026-03-02")), "salt_of_today_9a62cf");
  const leftovers = await store.all(
    "SELECT table_name FROM duckdb_tables() WHERE table_name IN ('visitor_salts', 'webhook_secrets', $request)",
    { request: REWRITE_REQUEST },
  );
  assert.deepEqual(leftovers, []);
  await store.close();
  assert.deepEqual(filesHolding(dir, "salt_of_yesterday_e41b07"), []);
  assert.deepEqual(filesHolding(dir, "whsec_legacy_55d0b3"), [`${db}.secrets`]);
  assert.deepEqual(readdirSync(dir).sort(), ["socialroi.duckdb", "socialroi.duckdb.secrets"]);
  remove();
});

test("the database, its .wal, the secret file and the click log are created 0600, whatever the umask", async () => {
  const { dir, db, remove } = folder();
  const umask = process.umask(0o022);
  try {
    const store = await DuckDbStore.open(db);
    await store.run("CREATE TABLE written AS SELECT 1 AS n");
    assert.equal(mode(db), "600");
    assert.equal(mode(`${db}.wal`), "600");
    await setWebhookSecret(store, (await defaultWorkspace(store)).id, "stripe", "whsec_mode");
    assert.equal(mode(`${db}.secrets`), "600");
    process.umask(0o022);
    const log = new ClickLog(join(dir, "socialroi.duckdb.clicks.wal"));
    assert.equal(mode(log.path), "600");
    log.close();
    await store.close();
  } finally {
    process.umask(umask);
  }
  remove();
});
