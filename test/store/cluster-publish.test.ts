/**
 * What a write transaction of the cluster store sends to PostgreSQL: the settings rows it changed,
 * not every row of their workspace. PostgreSQL itself counts the rows written, by a trigger the test
 * adds on the tables it watches.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { costInputSchema } from "../../src/api/costs.js";
import { listCostEntries } from "../../src/costs/cost-entries.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { deleteCostEntry } from "../../src/costs/delete-cost-entry.js";
import { updateCostEntry } from "../../src/costs/update-cost-entry.js";
import { ClusterStore } from "../../src/store/cluster/cluster-store.js";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import { migrateClickHouse } from "../../src/store/cluster/migrate-clickhouse.js";
import { migratePostgres } from "../../src/store/cluster/migrate-postgres.js";
import { EVENT_TABLE_KEYS } from "../../src/store/cluster/placement.js";
import type { Postgres } from "../../src/store/cluster/postgres.js";
import { settingsRowKey } from "../../src/store/cluster/settings-keys.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { type ClusterFixture, forEachClusterBackend } from "./cluster-backends.js";

const WATCHED = ["audit_log", "costs", "links", "keyword_cpcs"];

/**
 * From now on, every row PostgreSQL inserts, updates or deletes in the watched tables; `take()`
 * answers them as "table OPERATION" → rows, and starts counting again.
 */
async function countRowWrites(postgres: Postgres): Promise<{ take(): Promise<Record<string, number>> }> {
  await postgres.all("CREATE TABLE row_writes (written text NOT NULL)");
  await postgres.all(
    `CREATE FUNCTION count_row_write() RETURNS trigger LANGUAGE plpgsql AS
     'BEGIN INSERT INTO row_writes VALUES (TG_TABLE_NAME || '' '' || TG_OP); RETURN NULL; END'`,
  );
  for (const table of WATCHED)
    await postgres.all(
      `CREATE TRIGGER count_row_writes AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION count_row_write()`,
    );
  return {
    async take() {
      const rows = await postgres.all<{ written: string; n: number }>(
        "SELECT written, count(*)::int AS n FROM row_writes GROUP BY written",
      );
      await postgres.all("DELETE FROM row_writes");
      return Object.fromEntries(rows.map((row) => [row.written, row.n]));
    },
  };
}

/** Two servers of the fixture's cluster, a workspace, and PostgreSQL's count of rows written, for `body`. */
function withCountedWrites(
  body: (
    a: ClusterStore,
    b: ClusterStore,
    workspaceId: string,
    writes: () => Promise<Record<string, number>>,
    postgres: Postgres,
  ) => Promise<void>,
): (fixture: ClusterFixture) => Promise<void> {
  return async (fixture) => {
    const schema = await readEmbeddedSchema();
    await migratePostgres(fixture.postgres, schema);
    await migrateClickHouse(fixture.shards, fixture.clickhouse, schema);
    const counter = await countRowWrites(fixture.postgres);
    const config = { postgresUrl: fixture.postgresUrl, clickhouse: fixture.clickhouse };
    const shards = fixture.inProcess ? fixture.shards : undefined;
    const [a, b] = [await ClusterStore.open(config, shards), await ClusterStore.open(config, shards)];
    try {
      const { id } = await createWorkspace(a, { name: "W", currency: "EUR", timezone: "UTC", locale: "en" });
      await counter.take();
      await body(a, b, id, () => counter.take(), fixture.postgres);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  };
}

const cost = (amount: number) =>
  costInputSchema.parse({ date: "2026-03-01", category: "tools", amount, currency: "EUR" });

forEachClusterBackend(
  "an audited change sends PostgreSQL its own rows: one audit entry, however long the log",
  withCountedWrites(async (a, b, workspaceId, writes, postgres) => {
    const { cost_id } = await createCostEntry(a, workspaceId, cost(1));
    for (let amount = 2; amount <= 40; amount++) await updateCostEntry(a, workspaceId, cost_id, cost(amount));
    await writes();
    await updateCostEntry(a, workspaceId, cost_id, cost(999));
    assert.deepEqual(await writes(), { "audit_log INSERT": 1, "costs DELETE": 1, "costs INSERT": 1 });
    const [inPostgres] = await postgres.all<{ entries: number; amount: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log) AS entries, (SELECT amount FROM costs) AS amount`,
    );
    assert.deepEqual(inPostgres, { entries: 41, amount: 999 });
    const [onB] = await b.all<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE workspace_id = $ws", {
      ws: workspaceId,
    });
    assert.equal(onB?.n, 41);
    assert.deepEqual(
      (await listCostEntries(b, workspaceId)).map((c) => c.amount),
      [999],
    );
    // The other server's change comes back the same way.
    await updateCostEntry(b, workspaceId, cost_id, cost(7));
    assert.deepEqual(await writes(), { "audit_log INSERT": 1, "costs DELETE": 1, "costs INSERT": 1 });
    assert.deepEqual(
      (await listCostEntries(a, workspaceId)).map((c) => c.amount),
      [7],
    );
  }),
);

forEachClusterBackend(
  "a deleted cost is deleted alone, a change that changes nothing sends nothing",
  withCountedWrites(async (a, b, workspaceId, writes, postgres) => {
    const ids: string[] = [];
    for (const amount of [1, 2, 3]) ids.push((await createCostEntry(a, workspaceId, cost(amount))).cost_id);
    await writes();
    await deleteCostEntry(a, workspaceId, ids[1] as string);
    assert.deepEqual(await writes(), { "audit_log INSERT": 1, "costs DELETE": 1 });
    const left = await postgres.all<{ cost_id: string }>("SELECT cost_id FROM costs ORDER BY amount");
    assert.deepEqual(
      left.map((row) => row.cost_id),
      [ids[0], ids[2]],
    );
    // PostgreSQL found the cost by an index on its row group, not by reading every workspace's costs.
    const [index] = await postgres.all<{ sql: string }>(
      "SELECT indexdef AS sql FROM pg_indexes WHERE indexname = 'costs_row_group'",
    );
    assert.match(index?.sql ?? "", /\(workspace_id, cost_id\)/);
    // Nor does it tell the other servers to load the table again.
    const generations = () =>
      postgres.all<{ scope: string; generation: number }>(
        `SELECT table_name || ' ' || scope AS scope, generation FROM socialroi_generations
         WHERE table_name IN ('costs', 'conversions') ORDER BY 1`,
      );
    const before = await generations();
    await a.run("UPDATE costs SET amount = amount WHERE workspace_id = $ws", { ws: workspaceId });
    await a.run("DELETE FROM costs WHERE workspace_id = $ws AND amount > 100", { ws: workspaceId });
    await a.run("UPDATE conversions SET value = value WHERE workspace_id = $ws", { ws: workspaceId });
    assert.deepEqual(await writes(), {});
    assert.deepEqual(await generations(), before);
    assert.deepEqual((await listCostEntries(b, workspaceId)).map((c) => c.amount).sort(), [1, 3]);
  }),
);

forEachClusterBackend(
  "rows a transaction inserts and then changes are sent as it leaves them",
  withCountedWrites(async (a, b, workspaceId, writes, postgres) => {
    const kept = await createCostEntry(a, workspaceId, cost(1));
    await writes();
    const added = await a.transaction(async () => {
      const first = await createCostEntry(a, workspaceId, cost(2));
      const second = await createCostEntry(a, workspaceId, cost(3));
      await deleteCostEntry(a, workspaceId, first.cost_id);
      await updateCostEntry(a, workspaceId, kept.cost_id, cost(4));
      return second;
    });
    assert.deepEqual(await writes(), { "audit_log INSERT": 4, "costs DELETE": 1, "costs INSERT": 2 });
    const inPostgres = await postgres.all<{ cost_id: string; amount: number }>(
      "SELECT cost_id, amount FROM costs ORDER BY amount",
    );
    const expected = [
      { cost_id: added.cost_id, amount: 3 },
      { cost_id: kept.cost_id, amount: 4 },
    ];
    assert.deepEqual(inPostgres, expected);
    assert.deepEqual(
      (await listCostEntries(b, workspaceId))
        .map((c) => ({ cost_id: c.cost_id, amount: c.amount }))
        .sort((x, y) => x.amount - y.amount),
      expected,
    );
  }),
);

forEachClusterBackend(
  "links that swap slugs in one transaction are the two rows sent, and the swap holds in PostgreSQL",
  withCountedWrites(async (a, b, workspaceId, writes, postgres) => {
    const link = (id: string, slug: string) =>
      a.run(
        "INSERT INTO links (link_id, workspace_id, slug, destination) VALUES ($id, $ws, $slug, 'https://example.com/')",
        { id, slug, ws: workspaceId },
      );
    await a.transaction(async () => {
      for (const n of [1, 2, 3]) await link(`lnk_${n}`, `s${n}`);
    });
    assert.deepEqual(await writes(), { "links INSERT": 3 });
    const slug = (id: string, to: string) =>
      a.run("UPDATE links SET slug = $to WHERE workspace_id = $ws AND link_id = $id", {
        id,
        to,
        ws: workspaceId,
      });
    await a.transaction(async () => {
      await slug("lnk_1", "moving");
      await slug("lnk_2", "s1");
      await slug("lnk_1", "s2");
    });
    assert.deepEqual(await writes(), { "links DELETE": 2, "links INSERT": 2 });
    const expected = [
      { link_id: "lnk_1", slug: "s2" },
      { link_id: "lnk_2", slug: "s1" },
      { link_id: "lnk_3", slug: "s3" },
    ];
    assert.deepEqual(await postgres.all("SELECT link_id, slug FROM links ORDER BY link_id"), expected);
    assert.deepEqual(
      await b.all("SELECT link_id, slug FROM links WHERE workspace_id = $ws ORDER BY link_id", {
        ws: workspaceId,
      }),
      expected,
    );
  }),
);

forEachClusterBackend(
  "a table without a key sends the rows of the groups changed, copies of one row counted exactly",
  withCountedWrites(async (a, b, workspaceId, writes, postgres) => {
    const cpc = (keyword: string) =>
      a.run(
        "INSERT INTO keyword_cpcs (workspace_id, keyword, cpc, currency) VALUES ($ws, $keyword, 1.5, 'EUR')",
        {
          ws: workspaceId,
          keyword,
        },
      );
    await a.transaction(async () => {
      for (const keyword of ["shoes", "shoes", "socks"]) await cpc(keyword);
    });
    assert.deepEqual(await writes(), { "keyword_cpcs INSERT": 3 });
    // One of two copies of one row: only its group is replaced, by the copy left.
    await a.run(
      `DELETE FROM keyword_cpcs WHERE rowid =
         (SELECT min(rowid) FROM keyword_cpcs WHERE workspace_id = $ws AND keyword = 'shoes')`,
      { ws: workspaceId },
    );
    assert.deepEqual(await writes(), { "keyword_cpcs DELETE": 2, "keyword_cpcs INSERT": 1 });
    const keywords = "SELECT keyword, count(*)::int AS n FROM keyword_cpcs GROUP BY keyword ORDER BY keyword";
    const expected = [
      { keyword: "shoes", n: 1 },
      { keyword: "socks", n: 1 },
    ];
    assert.deepEqual(await postgres.all(keywords), expected);
    assert.deepEqual(
      await b.all(
        "SELECT keyword, count(*)::int AS n FROM keyword_cpcs WHERE workspace_id = $ws GROUP BY keyword ORDER BY keyword",
        { ws: workspaceId },
      ),
      expected,
    );
  }),
);

test("every settings table has columns its rows are published by, and a new one without is refused", async () => {
  for (const table of await readEmbeddedSchema())
    if (!EVENT_TABLE_KEYS.has(table.name)) assert.ok(settingsRowKey(table).columns.length > 0, table.name);
  assert.throws(
    () =>
      settingsRowKey({
        name: "notes",
        columns: [{ name: "text", type: "VARCHAR", nullable: false, defaultSql: undefined }],
        primaryKey: undefined,
        unique: [],
      }),
    /notes has no primary key.*ROW_GROUPS/,
  );
});
