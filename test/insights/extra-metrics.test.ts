import assert from "node:assert/strict";
import { test } from "node:test";
import { importFile } from "../../src/ingest/import-file.js";
import { bestTimes } from "../../src/insights/best-times.js";
import { loadPostMetrics } from "../../src/insights/post-metrics.js";
import { testWorkspace } from "../helpers.js";

const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

test("an extra figure reading NaN or inf cannot be computed: null, not a number that spoils averages", async () => {
  const t = await testWorkspace();
  try {
    const posts = t.file(
      "posts.csv",
      [
        "post_id,network,published_at,type,text,campaign,impressions,reach,engagements,likes,comments,shares,link_clicks,Score",
        "p1,facebook,2026-03-02T10:00:00Z,photo,Hello,,100,80,5,3,1,1,2,2.5",
        "p2,facebook,2026-03-03T10:00:00Z,photo,Hello,,100,80,5,3,1,1,2,NaN",
        "p3,facebook,2026-03-04T10:00:00Z,photo,Hello,,100,80,5,3,1,1,2,inf",
        "p4,facebook,2026-03-05T10:00:00Z,photo,Hello,,100,80,5,3,1,1,2,-Infinity",
        "p5,facebook,2026-03-06T10:00:00Z,photo,Hello,,100,80,5,3,1,1,2,",
      ].join("\n"),
    );
    await importFile(t.store, t.workspace, { path: posts, format: "posts" });
    const rows = await loadPostMetrics(t.store, t.workspace, PERIOD, "extra:Score");
    assert.deepEqual(
      rows.map((r) => [r.post_id, r.value]),
      [
        ["p1", 2.5],
        ["p2", null],
        ["p3", null],
        ["p4", null],
        ["p5", null],
      ],
    );
    // The other reads of the same figure answer too, from the one finite value.
    const times = await bestTimes(t.store, t.workspace, PERIOD, "extra:Score");
    assert.ok(JSON.stringify(times).includes("2.5"));
  } finally {
    await t.close();
  }
});
