import assert from "node:assert/strict";
import { test } from "node:test";
import { statementTables } from "../../src/store/cluster/statement-tables.js";

const TABLES = new Set(["clicks", "links", "conversions", "posts", "costs"]);

test("a statement names the tables it reads after FROM, JOIN and in FROM lists, not columns of the same name", () => {
  const cases: [sql: string, named: string[], written: string[]][] = [
    [
      "SELECT coalesce(lc.clicks, 0) AS clicks FROM links l LEFT JOIN link_clicks lc USING (link_id)",
      ["links"],
      [],
    ],
    ["SELECT leads, clicks, sum(clicks) FILTER (WHERE clicks > 0) FROM facts, links WHERE x", ["links"], []],
    ["SELECT x FROM clicks JOIN conversions c ON c.id = clicks.id", ["clicks", "conversions"], []],
    ["SELECT 1 FROM unique_paths, lookup, posts p, costs AS k WHERE 1 = 1", ["posts", "costs"], []],
    [
      "INSERT INTO clicks (a) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM conversions WHERE x)",
      ["clicks", "conversions"],
      ["clicks"],
    ],
    ['DELETE FROM "costs" WHERE workspace_id = $ws', ["costs"], ["costs"]],
    ["UPDATE links SET a = 1", ["links"], ["links"]],
    [
      "SELECT extract(year FROM occurred_at) AS y FROM posts ASOF LEFT JOIN clicks k ON true",
      ["posts", "clicks"],
      [],
    ],
  ];
  for (const [sql, named, written] of cases)
    assert.deepEqual(statementTables(sql, TABLES), { named, written }, sql);
});
