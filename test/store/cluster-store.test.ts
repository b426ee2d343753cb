/**
 * The cluster store's own promises, beyond what the store tier checks on it: a change made on one
 * server is what the next statement of another reads; a transaction that fails publishes nothing;
 * an event row deleted on one server is gone on the other.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { costInputSchema } from "../../src/api/costs.js";
import { listCostEntries } from "../../src/costs/cost-entries.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { deleteCostEntry } from "../../src/costs/delete-cost-entry.js";
import { importFile } from "../../src/ingest/import-file.js";
import { listImportRuns } from "../../src/ingest/import-runs.js";
import { clickhouseTableNames } from "../../src/store/cluster/cluster-schema.js";
import { ClusterStore } from "../../src/store/cluster/cluster-store.js";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import { migrateClickHouse } from "../../src/store/cluster/migrate-clickhouse.js";
import { migratePostgres } from "../../src/store/cluster/migrate-postgres.js";
import { defineQuery, runQuery } from "../../src/store/query.js";
import { deleteWorkspace } from "../../src/store/workspace-data.js";
import { createWorkspace, findWorkspace } from "../../src/store/workspaces.js";
import { LinkDomainCache } from "../../src/tracking/link-domains.js";
import { type ClusterFixture, forEachClusterBackend } from "./cluster-backends.js";

/** Two servers of the fixture's cluster, and a workspace made on the first, for `body`. */
function withTwoServers(
  body: (a: ClusterStore, b: ClusterStore, workspaceId: string, fixture: ClusterFixture) => Promise<void>,
): (fixture: ClusterFixture) => Promise<void> {
  return async (fixture) => {
    const schema = await readEmbeddedSchema();
    await migratePostgres(fixture.postgres, schema);
    await migrateClickHouse(fixture.shards, fixture.clickhouse, schema);
    const config = { postgresUrl: fixture.postgresUrl, clickhouse: fixture.clickhouse };
    const shards = fixture.inProcess ? fixture.shards : undefined;
    const a = await ClusterStore.open(config, shards);
    const b = await ClusterStore.open(config, shards);
    try {
      const workspace = await createWorkspace(a, {
        name: "W",
        currency: "EUR",
        timezone: "UTC",
        locale: "en",
      });
      await body(a, b, workspace.id, fixture);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  };
}

const cost = (amount: number) =>
  costInputSchema.parse({
    date: "2026-03-01",
    category: "tools",
    amount,
    currency: "EUR",
    description: "l'outil \\ 🎉",
  });

forEachClusterBackend(
  "a change on one server is read by the other's next statement, both ways",
  withTwoServers(async (a, b, workspaceId) => {
    assert.deepEqual(await listCostEntries(b, workspaceId), []);
    const first = await createCostEntry(a, workspaceId, cost(10));
    assert.deepEqual(
      (await listCostEntries(b, workspaceId)).map((c) => [c.cost_id, c.amount, c.description]),
      [[first.cost_id, 10, "l'outil \\ 🎉"]],
    );
    const second = await createCostEntry(b, workspaceId, cost(20));
    await deleteCostEntry(b, workspaceId, first.cost_id);
    assert.deepEqual(
      (await listCostEntries(a, workspaceId)).map((c) => c.cost_id),
      [second.cost_id],
    );
  }),
);

forEachClusterBackend(
  "a deleted workspace's event rows are erased from every shard, deleted versions and all",
  withTwoServers(async (a, _b, workspaceId, fixture) => {
    await a.run(
      "INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at) VALUES ($id, $ws, 'lnk_x', now())",
      { id: "clk_erased", ws: workspaceId },
    );
    const { local } = clickhouseTableNames("clicks", fixture.clickhouse.cluster);
    // Every version of every row, as the shards keep them, whatever a read of the store would show.
    const kept = async () => {
      let rows = 0;
      for (const shard of fixture.shards) {
        const [row] = await shard.query<{ n: string | number }>(
          `SELECT count() AS n FROM ${fixture.clickhouse.database}.${local} WHERE workspace_id = $ws`,
          { ws: workspaceId },
        );
        rows += Number(row?.n ?? 0);
      }
      return rows;
    };
    assert.equal(await kept(), 1);
    await deleteWorkspace(a, workspaceId);
    // The mutation runs in the background on each shard.
    const deadline = Date.now() + 30_000;
    while ((await kept()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await kept(), 0, "no version of the workspace's click is left on any shard");
  }),
);

forEachClusterBackend(
  "a transaction that fails publishes nothing, and its server forgets it too",
  withTwoServers(async (a, b, workspaceId) => {
    await createCostEntry(a, workspaceId, cost(1));
    await assert.rejects(
      a.transaction(async () => {
        await createCostEntry(a, workspaceId, cost(2));
        await a.run(
          "INSERT INTO conversions (workspace_id, conversion_id, occurred_at, type, local_day) VALUES ($ws, 'c', now(), 'sale', current_date)",
          { ws: workspaceId },
        );
        throw new Error("refused");
      }),
      /refused/,
    );
    for (const server of [a, b]) {
      assert.deepEqual(
        (await listCostEntries(server, workspaceId)).map((c) => c.amount),
        [1],
      );
      const [counted] = await server.all<{ n: number }>(
        "SELECT count(*) AS n FROM conversions WHERE workspace_id = $ws",
        { ws: workspaceId },
      );
      assert.equal(counted?.n, 0);
    }
  }),
);

forEachClusterBackend(
  "event rows changed or deleted on one server are changed or gone on the other",
  withTwoServers(async (a, b, workspaceId) => {
    const ws = { ws: workspaceId };
    const insert = (id: string, value: number) =>
      a.run(
        `INSERT INTO conversions (workspace_id, conversion_id, occurred_at, type, value, local_day)
         VALUES ($ws, $id, TIMESTAMPTZ '2026-03-01 10:00:00.123+00', 'sale', $value, DATE '2026-03-01')`,
        { ...ws, id, value },
      );
    await insert("keep", 1);
    await insert("change", 2);
    await insert("drop", 3);
    await b.run(
      "UPDATE conversions SET value = 20 WHERE workspace_id = $ws AND conversion_id = 'change'",
      ws,
    );
    await b.run("DELETE FROM conversions WHERE workspace_id = $ws AND conversion_id = 'drop'", ws);
    const read =
      "SELECT conversion_id, value, epoch_ms(occurred_at) AS at FROM conversions WHERE workspace_id = $ws ORDER BY conversion_id";
    const expected = [
      { conversion_id: "change", value: 20, at: 1772359200123 },
      { conversion_id: "keep", value: 1, at: 1772359200123 },
    ];
    assert.deepEqual(await a.all(read, ws), expected);
    assert.deepEqual(await b.all(read, ws), expected);
    // conversion_days follows on the server that did not write it.
    const [days] = await a.all<{ n: number; amount: number }>(
      "SELECT sum(conversions) AS n, sum(amount) AS amount FROM conversion_days WHERE workspace_id = $ws",
      ws,
    );
    assert.deepEqual(days, { n: 2, amount: 21 });
  }),
);

forEachClusterBackend(
  "a file refused on one server leaves nothing the other can see; a good one, everything",
  withTwoServers(async (a, b, workspaceId) => {
    const dir = await mkdtemp(join(tmpdir(), "socialroi-cluster-import-"));
    try {
      const workspace = await findWorkspace(a, workspaceId);
      assert.ok(workspace);
      const header = "conversion_id,occurred_at,type,value,currency,network,campaign,customer_id,click_id";
      const good = join(dir, "good.csv");
      const bad = join(dir, "bad.csv");
      await writeFile(good, `${header}\no1,2026-03-06T15:40:00Z,sale,80,EUR,facebook,,c1,\n`);
      await writeFile(
        bad,
        `${header}\no2,2026-03-06T15:40:00Z,sale,80,EUR,facebook,,c1,\no3,not a time,sale,1,EUR,x,,c2,\n`,
      );
      await assert.rejects(importFile(a, workspace, { path: bad }), /bad\.csv.*row 2/s);
      const count = "SELECT count(*) AS n FROM conversions WHERE workspace_id = $ws";
      for (const server of [a, b]) {
        assert.deepEqual(await server.all(count, { ws: workspaceId }), [{ n: 0 }]);
        assert.deepEqual(await listImportRuns(server, workspaceId), []);
      }
      await importFile(a, workspace, { path: good });
      assert.deepEqual(await b.all(count, { ws: workspaceId }), [{ n: 1 }]);
      assert.deepEqual(
        (await listImportRuns(b, workspaceId)).map((run) => run.file),
        ["good.csv"],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }),
);

/** Clicks per link and the instant of each, as a rollup: what ClickHouse computes in the cluster mode. */
const clicksPerLink = defineQuery(
  "test/clicks-per-link",
  z.object({ link_id: z.string(), clicks: z.number(), last_ms: z.number() }),
  {
    duckdb: "SELECT link_id, clicks, epoch_ms(last_at) AS last_ms FROM per_link ORDER BY link_id",
  },
  {
    per_link: {
      duckdb:
        "SELECT link_id, count(*) AS clicks, max(occurred_at) AS last_at FROM clicks WHERE workspace_id = $ws GROUP BY link_id",
      clickhouse: `SELECT link_id, count() AS clicks, max(occurred_at) AS last_at FROM {clicks}
        WHERE workspace_id = $ws AND {current clicks} GROUP BY link_id`,
      columns: { link_id: "VARCHAR", clicks: "BIGINT", last_at: "TIMESTAMPTZ" },
    },
  },
);

forEachClusterBackend(
  "a rollup computed by ClickHouse counts each key's current row once: changed, deleted, deleted and added again",
  withTwoServers(async (a, b, workspaceId) => {
    const ws = { ws: workspaceId };
    const click = (id: string, link: string, second: number) =>
      a.run(
        `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at)
         VALUES ($id, $ws, $link, TIMESTAMPTZ '2026-03-01 10:00:00+00' + to_seconds($second))`,
        { ...ws, id, link, second },
      );
    for (let i = 0; i < 20; i++) await click(`k${i}`, i % 2 ? "odd" : "even", i);
    const direct =
      "SELECT link_id, count(*) AS clicks, epoch_ms(max(occurred_at)) AS last_ms FROM clicks WHERE workspace_id = $ws GROUP BY link_id ORDER BY link_id";
    // Nothing replaced yet: the plain path.
    assert.deepEqual(await runQuery(b, clicksPerLink, ws), await a.all(direct, ws));
    await b.run(
      "UPDATE clicks SET link_id = 'moved' WHERE workspace_id = $ws AND click_id IN ('k0', 'k1')",
      ws,
    );
    await b.run("DELETE FROM clicks WHERE workspace_id = $ws AND click_id IN ('k2', 'k3', 'k19')", ws);
    await click("k3", "odd", 40);
    const expected = [
      { link_id: "even", clicks: 8, last_ms: 1772359218000 },
      { link_id: "moved", clicks: 2, last_ms: 1772359201000 },
      { link_id: "odd", clicks: 8, last_ms: 1772359240000 },
    ];
    for (const server of [a, b]) {
      assert.deepEqual(await runQuery(server, clicksPerLink, ws), expected);
      assert.deepEqual(await server.all(direct, ws), expected);
    }
    // Inside a write transaction the rollup is the working copy's, which holds the rows not yet published.
    await a.transaction(async () => {
      await click("k50", "new", 50);
      const rows = await runQuery(a, clicksPerLink, ws);
      assert.deepEqual(
        rows.map((row) => [row.link_id, row.clicks]),
        [
          ["even", 8],
          ["moved", 2],
          ["new", 1],
          ["odd", 8],
        ],
      );
    });
  }),
);

forEachClusterBackend(
  "two servers making the day's salt at the same instant both keep the one PostgreSQL kept",
  withTwoServers(async (a, b) => {
    const name = "salt:2026-03-01";
    const [fromA, fromB] = await Promise.all([
      a.secrets.claim(name, "made by a"),
      b.secrets.claim(name, "made by b"),
    ]);
    assert.equal(fromA, fromB);
    assert.equal(a.secrets.get(name), fromA);
    assert.equal(b.secrets.get(name), fromA);
    assert.equal(await b.secrets.claim(name, "made later"), fromA, "a later claim keeps it too");
  }),
);

forEachClusterBackend(
  "a short-link domain written on one server reaches the other's domain cache through the change feed",
  withTwoServers(async (a, b, workspaceId) => {
    const domains = new LinkDomainCache(b);
    assert.equal(await domains.workspaceOf("links.bakery.example"), undefined);
    // Written as SQL, not through addLinkDomain, whose own invalidation would hide the feed's.
    await a.run(
      "INSERT INTO link_domains (domain, workspace_id) VALUES ('links.bakery.example', $workspace)",
      {
        workspace: workspaceId,
      },
    );
    const deadline = Date.now() + 10_000;
    while ((await domains.workspaceOf("links.bakery.example")) === undefined) {
      assert.ok(Date.now() < deadline, "the other server never heard of the domain");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(await domains.workspaceOf("Links.Bakery.example:443"), workspaceId);
  }),
);
