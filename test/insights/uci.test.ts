import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { importFile } from "../../src/ingest/import-file.js";
import { computeInsights } from "../../src/insights/insights.js";
import { testWorkspace } from "../helpers.js";

const UCI = new URL("../../../shared/data/uci-facebook-metrics/dataset_Facebook.csv", import.meta.url)
  .pathname;
const YEAR = { from: "2014-01-01", to: "2014-12-31" };

test("UCI Facebook metrics: post type drives lifetime post consumers, status posts most", {
  skip: !existsSync(UCI) && `${UCI} not present`,
}, async () => {
  const t = await testWorkspace();
  try {
    await importFile(t.store, t.workspace, { path: UCI, year: 2014 });
    // The legacy reader keeps "Lifetime Post Consumers" in each post's extra JSON.
    const consumers = await computeInsights(t.store, t.workspace, YEAR, {
      metric: "extra:Lifetime Post Consumers",
    });
    const engagement = await computeInsights(t.store, t.workspace, YEAR, { metric: "engagement_rate" });
    for (const insights of [consumers, engagement]) {
      console.log(`${insights.metric}: ${insights.posts} posts, ${insights.tests} traits tested`);
      for (const d of insights.drivers.filter((d) => d.significant)) {
        console.log(
          `  ${d.feature}=${d.value}: lift ${d.lift} [${d.ci_low}, ${d.ci_high}] n=${d.n} p=${d.p_value}`,
        );
      }
    }
    assert.equal(consumers.posts, 500);
    const [strongest] = consumers.drivers;
    assert.equal(strongest?.feature, "type");
    const status = consumers.drivers.find((d) => d.feature === "type" && d.value === "status");
    assert.ok(status?.significant && status.ci_low > 1.5, "status posts reach clearly more consumers");
  } finally {
    await t.close();
  }
});
