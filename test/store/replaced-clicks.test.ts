/**
 * Clicks replaced by the thousand, as an update of their columns replaces them (the pass describing
 * user agents did, before descriptions became rows of their own): in the cluster mode each key replaced has older versions that a read must leave out, looked up either
 * as values written into the query or, beyond what ClickHouse accepts in one query, by subqueries.
 * Both ways must read each click once, and the largest list of values must stay a query ClickHouse
 * takes (it refused 10,000 replaced clicks with "AST is too big").
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listedKeysAtMost } from "../../src/store/cluster/current-rows.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { createLink } from "../../src/tracking/create-link.js";
import { CLICK_LOG_HEADER, importClickLog } from "../../src/tracking/import-click-log.js";
import { listLinks } from "../../src/tracking/list-links.js";
import { forEachBackend } from "./backends.js";

/** A click's key in ClickHouse: the workspace and the click id. */
const CLICK_KEY_WIDTH = 2;

forEachBackend("clicks replaced by the thousand are read once each, listed or looked up", async (store) => {
  const dir = await mkdtemp(join(tmpdir(), "socialroi-replaced-"));
  try {
    const workspace = await createWorkspace(store, {
      name: "Replaced",
      currency: "EUR",
      timezone: "UTC",
      locale: "en",
    });
    await createLink(store, workspace.id, { url: "https://shop.example/a", network: "x", slug: "a" });
    const logClicks = async (from: number, count: number) => {
      const rows = Array.from({ length: count }, (_, i) => `k${from + i},a,2026-03-01T10:00:00Z,,,,,BE`);
      const file = join(dir, `clicks-${from}.csv`);
      await writeFile(file, `${CLICK_LOG_HEADER.join(",")}\n${rows.join("\n")}\n`);
      await importClickLog(store, workspace.id, file);
      await store.run("UPDATE clicks SET device = 'mobile' WHERE workspace_id = $ws AND device IS NULL", {
        ws: workspace.id,
      });
    };
    const read = async () => {
      const [row] = await store.all<{ clicks: number; described: number }>(
        "SELECT count(*) AS clicks, count(device) AS described FROM clicks WHERE workspace_id = $ws",
        { ws: workspace.id },
      );
      const [link] = await listLinks(store, workspace.id);
      return { clicks: Number(row?.clicks), described: Number(row?.described), listed: link?.clicks };
    };

    const listed = listedKeysAtMost(CLICK_KEY_WIDTH);
    await logClicks(0, listed);
    assert.deepEqual(await read(), { clicks: listed, described: listed, listed });
    await logClicks(listed, 25);
    const all = listed + 25;
    assert.deepEqual(await read(), { clicks: all, described: all, listed: all });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
