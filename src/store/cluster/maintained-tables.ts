import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDbStore } from "../duckdb/duckdb-store.js";
import { quoteIdent, quoteLiteral } from "../sql-text.js";
import type { ClickHouseServer } from "./clickhouse.js";
import type { ClickHouseConfig } from "./cluster-config.js";
import { clickhouseTableNames } from "./cluster-schema.js";

/**
 * A reduction of an event table that ClickHouse keeps itself, through a materialized view over the
 * rows inserted into the table's shard, so that a query reads a few rows per workspace instead of
 * all of the workspace's events. Rollups (rollups.ts) name it `{name}` like an event table. In its
 * SQL, `{table}` names an event table: the shard's own in the view and the filling, the queried one
 * in a lookup.
 */
interface MaintainedTable {
  name: string;
  /** The event table whose inserted rows the view reduces. */
  source: string;
  columns: string;
  engine: string;
  /** The view's SELECT over the source: what each inserted block adds. */
  view: string;
  /**
   * The table's rows from the source's rows of versions up to `$upto`, the ones already there when
   * the view was made: what the view would hold had it been there from the start.
   */
  backfill: string;
  /**
   * Rows the view cannot see, added by the store after it inserts rows of another event table
   * (`table`): `select` gives them for the workspace `$ws` and the inserted rows' values `$values`
   * of `column`.
   */
  lookup?: { table: string; column: string; select: string };
}

/**
 * Clicks per link, as signed counts summed by ClickHouse: a click's first version adds one, its
 * deletion takes one away; a version that replaces a click without deleting it (an update of one of
 * its columns) adds nothing, as it leaves the click on its link — no statement moves a stored click
 * to another link. A click is inserted once: appends are of new click ids, and a replayed click log
 * leaves out the clicks already stored (record-click.ts). Summed counts hold from the moment they
 * are inserted, whenever ReplacingMergeTree merges the versions away.
 */
const CLICKS_PER_LINK: MaintainedTable = {
  name: "clicks_per_link",
  source: "clicks",
  columns: "workspace_id String, link_id String, counted Int64",
  engine: "SummingMergeTree(counted) ORDER BY (workspace_id, link_id)",
  // Summed per inserted block already: a million clicks inserted become a row per link, not a million rows.
  view: `SELECT workspace_id, link_id, sum(toInt64(if(_deleted = 1, -1, 1))) AS counted FROM {clicks}
    WHERE _deleted = 1 OR _replaces = 0 GROUP BY workspace_id, link_id`,
  // Merged away, earlier versions cannot be summed: the current version of each click is counted.
  backfill: `SELECT workspace_id, current_link AS link_id, toInt64(count()) AS counted
    FROM (SELECT workspace_id, argMax(link_id, _version) AS current_link, argMax(_deleted, _version) AS deleted
      FROM {clicks} WHERE _version <= $upto GROUP BY workspace_id, click_id)
    WHERE deleted = 0 GROUP BY workspace_id, link_id`,
};

/** Every version of the clicks, each with its link and whether it deletes the click. */
const CLICK_VERSIONS = "SELECT workspace_id, click_id, link_id, _version, _deleted FROM {clicks}";

/**
 * The link of each click a conversion names, so that revenue per link is found without looking
 * through every click of the workspace: keyed like the clicks, every version of a named click
 * copied (the current one is read with argMax). A click inserted after the conversion naming it is
 * copied by the view; one inserted before, by the store once the conversion is inserted (a lookup
 * of its click ids by the clicks' sorting key). A click named by a conversion no longer there stays:
 * the link list joins these clicks with the current conversions.
 */
const CONVERTED_CLICK_LINKS: MaintainedTable = {
  name: "converted_click_links",
  source: "clicks",
  columns: "workspace_id String, click_id String, link_id String, _version UInt64, _deleted UInt8",
  engine: "ReplacingMergeTree(_version) ORDER BY (workspace_id, click_id)",
  view: `${CLICK_VERSIONS} WHERE (workspace_id, click_id) IN
    (SELECT workspace_id, assumeNotNull(click_id) FROM {conversions} WHERE isNotNull(click_id))`,
  backfill: `${CLICK_VERSIONS} WHERE _version <= $upto AND (workspace_id, click_id) IN
    (SELECT workspace_id, assumeNotNull(click_id) FROM {conversions} WHERE isNotNull(click_id))`,
  lookup: {
    table: "conversions",
    column: "click_id",
    select: `${CLICK_VERSIONS} WHERE workspace_id = $ws AND click_id IN (SELECT arrayJoin($values))`,
  },
};

export const MAINTAINED_TABLES: readonly MaintainedTable[] = [CLICKS_PER_LINK, CONVERTED_CLICK_LINKS];

/** The event tables whose rows a maintained table is made of; none for any other name. */
export function maintainedSources(name: string): string[] {
  const table = MAINTAINED_TABLES.find((maintained) => maintained.name === name);
  if (!table) return [];
  return table.lookup ? [table.source, table.lookup.table] : [table.source];
}

/** The SQL with each `{table}` as the table `name` gives, with its database. */
function withTables(sql: string, database: string, name: (table: string) => string): string {
  return sql.replace(
    /\{([a-z_]+)\}/g,
    (_match, table: string) => `${quoteIdent(database)}.${quoteIdent(name(table))}`,
  );
}

function viewName(table: MaintainedTable): string {
  return `${table.name}_view`;
}

async function tableExists(shard: ClickHouseServer, database: string, name: string): Promise<boolean> {
  const found = await shard.query(
    "SELECT 1 AS found FROM system.tables WHERE database = $db AND name = $name",
    {
      db: database,
      name,
    },
  );
  return found.length > 0;
}

/**
 * Makes a maintained table on one shard, unless its view is there: the table, the view, then the
 * rows already in the source. The view is created once: of two servers migrating together, the one
 * that did not create it leaves the filling to the other. Rows inserted while the view is being made
 * (between reading the highest version and creating it) are left out: migrate runs before a server
 * serves. In a cluster, the Distributed table over the shards' tables too. Returns what it changed,
 * one line each.
 */
export async function createMaintainedTable(
  shard: ClickHouseServer,
  database: string,
  cluster: string | undefined,
  table: MaintainedTable,
): Promise<string[]> {
  const db = quoteIdent(database);
  const names = clickhouseTableNames(table.name, cluster);
  const local = `${db}.${quoteIdent(names.local)}`;
  const onShard = (sql: string) =>
    withTables(sql, database, (name) => clickhouseTableNames(name, cluster).local);
  const changes: string[] = [];
  if (!(await tableExists(shard, database, viewName(table)))) {
    await shard.command(`CREATE TABLE IF NOT EXISTS ${local} (${table.columns}) ENGINE = ${table.engine}`);
    const [highest] = await shard.query<{ upto: number | string }>(
      onShard(`SELECT max(_version) AS upto FROM {${table.source}}`),
    );
    const created = await shard
      .command(`CREATE MATERIALIZED VIEW ${db}.${quoteIdent(viewName(table))} TO ${local}
        AS ${onShard(table.view)}`)
      .then(
        () => true,
        (error: Error) => {
          if (/already exists/i.test(error.message)) return false;
          throw error;
        },
      );
    if (created) {
      await shard.command(`INSERT INTO ${local} ${onShard(table.backfill)}`, {
        upto: Number(highest?.upto ?? 0),
      });
      changes.push(`created ${names.local}, kept by ${viewName(table)} from ${table.source}`);
    }
  }
  if (cluster !== undefined && !(await tableExists(shard, database, names.queried))) {
    await shard.command(
      `CREATE TABLE IF NOT EXISTS ${db}.${quoteIdent(names.queried)} AS ${local} ENGINE = Distributed(${quoteIdent(cluster)}, ${db}, ${quoteIdent(names.local)}, sipHash64(workspace_id))`,
    );
    changes.push(`created ${names.queried}`);
  }
  return changes;
}

/**
 * After rows of `table` were inserted into ClickHouse (`file`, one JSON object a line): the rows of
 * maintained tables they make needed, looked up and inserted in turn (`scratch`: a folder for them).
 */
export async function addLookedUpRows(
  engine: DuckDbStore,
  clickhouse: ClickHouseServer,
  config: ClickHouseConfig,
  table: string,
  file: string,
  scratch: string,
): Promise<void> {
  const queried = (name: string) => clickhouseTableNames(name, config.cluster).queried;
  for (const maintained of MAINTAINED_TABLES) {
    const lookup = maintained.lookup;
    if (lookup?.table !== table) continue;
    const column = quoteIdent(lookup.column);
    const inserted = await engine.all<{ ws: string; values: string[] }>(
      `SELECT workspace_id AS ws, list(DISTINCT ${column}) AS "values"
       FROM read_json($file, format = 'newline_delimited',
         columns = {workspace_id: 'VARCHAR', ${quoteLiteral(lookup.column)}: 'VARCHAR'})
       WHERE ${column} IS NOT NULL GROUP BY workspace_id`,
      { file },
    );
    for (const [index, { ws, values }] of inserted.entries()) {
      const rows = await clickhouse.jsonLines(withTables(lookup.select, config.database, queried), {
        ws,
        values,
      });
      if (rows.length === 0) continue;
      const found = join(scratch, `${maintained.name}-${index}.json`);
      await writeFile(found, rows);
      await clickhouse.insertJsonLinesFile(
        withTables(`{${maintained.name}}`, config.database, queried),
        found,
      );
    }
  }
}
