/**
 * The cluster mode's schemas: derived from the embedded one, created and upgraded idempotently in
 * PostgreSQL and on every ClickHouse shard (2-shard 18.16 cluster, a single 18.16 server, current
 * ClickHouse in chDB), and the pieces they rest on (configuration, parameter binding).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { boundClickHouseSql, clickhouseLiteral } from "../../src/store/cluster/clickhouse-sql.js";
import { clusterConfigFromEnvironment, parseClickHouseUrl } from "../../src/store/cluster/cluster-config.js";
import {
  clickhouseTableNames,
  createPostgresTableSql,
  DELETED_COLUMN,
  REPLACES_COLUMN,
  VERSION_COLUMN,
} from "../../src/store/cluster/cluster-schema.js";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import { migrateClickHouse } from "../../src/store/cluster/migrate-clickhouse.js";
import { migratePostgres } from "../../src/store/cluster/migrate-postgres.js";
import { EVENT_TABLE_KEYS } from "../../src/store/cluster/placement.js";
import { positionalSql } from "../../src/store/cluster/postgres.js";
import { quoteIdent } from "../../src/store/sql-text.js";
import { StoreUnavailableError } from "../../src/store/store.js";
import { forEachClusterBackend } from "./cluster-backends.js";

const HOSTILE = [
  "\x01\x1f\x7f\r",
  "it's",
  "back\\slash",
  "\\'",
  "'; DROP TABLE x; --",
  "line\nbreak\ttab",
  "nul\0byte",
  "émoji 🎉",
  "$ws",
  "`tick`",
  '"q"',
  "",
];

test("the ClickHouse address gives the shards, the database and the cluster, without echoing a password", () => {
  const config = parseClickHouseUrl("http://u:p%40ss@a:8123/?database=events&cluster=two, http://b:8124/");
  assert.deepEqual(config, {
    shards: ["http://a:8123", "http://b:8124"],
    database: "events",
    cluster: "two",
    user: "u",
    password: "p@ss",
  });
  assert.deepEqual(parseClickHouseUrl("https://c:8443/").shards, ["https://c:8443"]);
  assert.equal(parseClickHouseUrl("https://c:8443/").database, "socialroi");
  assert.throws(() => parseClickHouseUrl("http://a/,http://b/"), /name it with &cluster=NAME/);
  assert.throws(() => parseClickHouseUrl("http://a/?database=x;drop"), /database name of letters/);
  assert.throws(
    () => parseClickHouseUrl("ftp://u:secret@a/"),
    (error: Error) => {
      assert.ok(error instanceof StoreUnavailableError);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    },
  );
});

test("the cluster mode needs both addresses, or neither for the embedded database", () => {
  assert.equal(clusterConfigFromEnvironment({}), undefined);
  assert.throws(
    () => clusterConfigFromEnvironment({ SOCIALROI_POSTGRES_URL: "postgres://localhost/x" }),
    /SOCIALROI_CLICKHOUSE_URL: is not set/,
  );
  assert.throws(
    () => clusterConfigFromEnvironment({ SOCIALROI_CLICKHOUSE_URL: "http://localhost:8123/" }),
    /SOCIALROI_POSTGRES_URL: is not set/,
  );
  assert.throws(
    () =>
      clusterConfigFromEnvironment({
        SOCIALROI_POSTGRES_URL: "mysql://u:secret@h/x",
        SOCIALROI_CLICKHOUSE_URL: "http://h/",
      }),
    (error: Error) => /expected postgres:\/\//.test(error.message) && !error.message.includes("secret"),
  );
  const config = clusterConfigFromEnvironment({
    SOCIALROI_POSTGRES_URL: "postgres://u@h:5432/db",
    SOCIALROI_CLICKHOUSE_URL: "http://h:8123/?database=ev",
  });
  assert.equal(config?.postgresUrl, "postgres://u@h:5432/db");
  assert.equal(config?.clickhouse.cluster, undefined);
});

test("named parameters become PostgreSQL's numbered ones, once per name, never inside quotes", () => {
  assert.deepEqual(positionalSql("SELECT $a, '$b', $a, \"$c\", $d::text", { a: 1, b: 2, d: "x" }), {
    text: "SELECT $1, '$b', $1, \"$c\", $2::text",
    values: [1, "x"],
  });
  assert.throws(() => positionalSql("SELECT $missing", {}), /\$missing/);
});

test("ClickHouse literals escape what ClickHouse reads as escapes, and refuse what it cannot hold", () => {
  assert.equal(clickhouseLiteral("it's \\"), "'it\\'s \\\\'");
  assert.equal(clickhouseLiteral(null), "NULL");
  assert.equal(clickhouseLiteral(true), "1");
  assert.equal(clickhouseLiteral(12n), "12");
  assert.equal(clickhouseLiteral(["a", "b'"]), "['a', 'b\\'']");
  assert.throws(() => clickhouseLiteral(Number.NaN), /no literal/);
  assert.equal(boundClickHouseSql("SELECT $a, '$a', `$a`", { a: "x" }), "SELECT 'x', '$a', `$a`");
});

test("every embedded table has one place in the cluster, with the embedded columns", async () => {
  const schema = await readEmbeddedSchema();
  const names = schema.map((table) => table.name);
  for (const event of EVENT_TABLE_KEYS.keys())
    assert.ok(names.includes(event), `${event} is an embedded table`);
  assert.ok(!names.includes("conversion_days") && !names.includes("schema_migrations"));
  const links = schema.find((table) => table.name === "links");
  assert.ok(links);
  const sql = createPostgresTableSql(links);
  assert.match(sql, /PRIMARY KEY \("link_id"\)/);
  assert.match(sql, /UNIQUE \("workspace_id", "slug"\)/);
  assert.match(sql, /"created_at" timestamp with time zone NOT NULL DEFAULT now\(\)/);
  assert.deepEqual(clickhouseTableNames("clicks", "c"), { local: "clicks_local", queried: "clicks" });
  assert.deepEqual(clickhouseTableNames("clicks", undefined), { local: "clicks", queried: "clicks" });
});

forEachClusterBackend(
  "migrate creates both schemas, then finds nothing to do",
  async ({ postgres, clickhouse, shards }) => {
    const schema = await readEmbeddedSchema();
    const first = [
      ...(await migratePostgres(postgres, schema)),
      ...(await migrateClickHouse(shards, clickhouse, schema)),
    ];
    assert.ok(first.includes("PostgreSQL: created links"));
    assert.ok(first.some((line) => /ClickHouse.*: created clicks/.test(line)));
    assert.deepEqual(await migratePostgres(postgres, schema), []);
    assert.deepEqual(await migrateClickHouse(shards, clickhouse, schema), []);

    const pgColumns = await postgres.all<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()",
    );
    for (const table of schema) {
      if (EVENT_TABLE_KEYS.has(table.name)) continue;
      const found = pgColumns.filter((c) => c.table_name === table.name).map((c) => c.column_name);
      assert.deepEqual(found.sort(), table.columns.map((c) => c.name).sort(), `PostgreSQL ${table.name}`);
    }
    for (const shard of shards) {
      const chColumns = await shard.query<{ table: string; name: string }>(
        "SELECT table, name FROM system.columns WHERE database = $db",
        { db: clickhouse.database },
      );
      for (const table of schema) {
        if (!EVENT_TABLE_KEYS.has(table.name)) continue;
        const found = chColumns.filter((c) => c.table === table.name).map((c) => c.name);
        assert.deepEqual(
          found.sort(),
          [...table.columns.map((c) => c.name), VERSION_COLUMN, DELETED_COLUMN, REPLACES_COLUMN].sort(),
          `ClickHouse ${table.name}`,
        );
      }
    }
  },
);

forEachClusterBackend(
  "migrate adds a column a table lacks and refuses one of another type",
  async ({ postgres, clickhouse, shards }) => {
    const schema = await readEmbeddedSchema();
    await migratePostgres(postgres, schema);
    await migrateClickHouse(shards, clickhouse, schema);
    const db = quoteIdent(clickhouse.database);
    const local = clickhouseTableNames("mentions", clickhouse.cluster);
    await postgres.all("ALTER TABLE goals DROP COLUMN network");
    for (const shard of shards) {
      if (local.queried !== local.local)
        await shard.command(`ALTER TABLE ${db}.${quoteIdent(local.queried)} DROP COLUMN language`);
      await shard.command(`ALTER TABLE ${db}.${quoteIdent(local.local)} DROP COLUMN language`);
    }
    assert.ok((await migratePostgres(postgres, schema)).includes("PostgreSQL: added goals.network"));
    const added = await migrateClickHouse(shards, clickhouse, schema);
    assert.ok(
      added.some((line) => line.endsWith(`added ${local.local}.language`)),
      added.join("\n"),
    );

    await postgres.all("ALTER TABLE costs ALTER COLUMN amount TYPE text");
    await assert.rejects(
      migratePostgres(postgres, schema),
      /costs\.amount is text, socialroi expects double precision/,
    );
  },
);

forEachClusterBackend(
  "an event row imported again replaces the earlier one, on the shard of its workspace",
  async ({ clickhouse, shards }) => {
    const schema = await readEmbeddedSchema();
    await migrateClickHouse(shards, clickhouse, schema);
    const [first] = shards;
    assert.ok(first);
    const table = `${quoteIdent(clickhouse.database)}.${quoteIdent("conversions")}`;
    const row = (version: number, value: number, workspace = "w1") => ({
      workspace_id: workspace,
      conversion_id: "c1",
      occurred_at: 1_700_000_000_000,
      type: "sale",
      value,
      currency: "EUR",
      network: null,
      campaign: null,
      customer_id: null,
      click_id: null,
      post_id: null,
      extra: null,
      import_id: "i",
      local_day: "2023-11-14",
      [VERSION_COLUMN]: version,
    });
    // Inserts through a Distributed table reach their shard asynchronously unless asked to wait.
    await first.command(
      `INSERT INTO ${table} FORMAT JSONEachRow ${JSON.stringify(row(1, 10))} ${JSON.stringify(row(2, 25))} ${JSON.stringify(row(1, 7, "w2"))}`,
      {},
    );
    const read = async () =>
      first.query<{ workspace_id: string; value: number }>(
        // FINAL through a Distributed table fails on 18.16 ("Cannot find column _version"): the
        // latest version of each key is read with argMax, as every cluster query must.
        `SELECT workspace_id, argMax(value, ${VERSION_COLUMN}) AS value FROM ${table}
       GROUP BY workspace_id, type, conversion_id ORDER BY workspace_id`,
      );
    let rows = await read();
    for (let attempt = 0; attempt < 50 && rows.length < 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await read();
    }
    assert.deepEqual(rows, [
      { workspace_id: "w1", value: 25 },
      { workspace_id: "w2", value: 7 },
    ]);
    for (const hostile of HOSTILE) {
      const echoed: { text: string }[] = await first.query("SELECT $hostile AS text", { hostile });
      assert.equal(echoed[0]?.text, hostile);
    }
  },
);
