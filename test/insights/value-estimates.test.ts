import assert from "node:assert/strict";
import { test } from "node:test";
import { seededRandom } from "../../src/domain/seeded-random.js";
import { adoptValueEstimate, estimateUnitValue, valueEstimates } from "../../src/insights/value-estimates.js";
import { CONVERSION_HEADER, POST_HEADER, testWorkspace } from "../helpers.js";
import { normalSource } from "./generate.js";

test("value-per-unit intervals cover the true value about 95% of the time", () => {
  const random = seededRandom(42);
  const normal = normalSource(random);
  // 3% of 2000 clicks convert (about 60 sales), order values log-normal and skewed (σ = 0.8).
  const [trials, rate, sigma, median] = [2000, 0.03, 0.8, 40];
  const trueValue = rate * median * Math.exp(sigma ** 2 / 2);
  const simulations = 1000;
  const covered: boolean[] = [];
  for (let s = 0; s < simulations; s++) {
    const amounts: number[] = [];
    for (let i = 0; i < trials; i++) if (random() < rate) amounts.push(median * Math.exp(sigma * normal()));
    const estimate = estimateUnitValue(trials, amounts);
    assert.ok(estimate);
    covered.push(estimate.ci_low <= trueValue && trueValue <= estimate.ci_high);
  }
  const coverage = (runs: boolean[]) => runs.filter(Boolean).length / runs.length;
  console.log(
    `coverage of the 95% interval: ${(coverage(covered.slice(0, 200)) * 100).toFixed(1)}% over the first 200 simulations, ` +
      `${(coverage(covered) * 100).toFixed(1)}% over ${simulations}`,
  );
  // ±3 standard errors of a 95% proportion over 1000 runs.
  assert.ok(Math.abs(coverage(covered) - 0.95) < 0.021, `coverage ${coverage(covered)}`);
});

test("too few conversions give no estimate", () => {
  assert.equal(estimateUnitValue(1000, [10, 20]), null);
});

test("value per lead from leads and later sales, adopted as a value rule valid from today", async () => {
  const t = await testWorkspace();
  try {
    await t.load(
      "posts.csv",
      `${POST_HEADER}\np1,facebook,2025-03-01T10:00:00Z,photo,Hello,,1000,800,50,30,10,10,40\n`,
    );
    const rows = [CONVERSION_HEADER];
    for (let i = 0; i < 40; i++) {
      rows.push(`l${i},2025-03-02T10:00:00Z,lead,,,facebook,,c${i},`);
      if (i % 4 === 0) rows.push(`s${i},2025-03-05T10:00:00Z,sale,${50 + i},EUR,facebook,,c${i},`);
    }
    await t.load("conversions.csv", `${rows.join("\n")}\n`);
    const period = { from: "2025-03-01", to: "2025-03-31" };
    const proposals = await valueEstimates(t.store, t.workspace, period);
    const lead = proposals.find((p) => p.outcome === "lead");
    assert.ok(lead?.unit_value);
    // 10 of 40 leads bought, 50 + 0, 4, … 36 on average = 68.
    assert.equal(lead.conversions, 10);
    assert.equal(lead.unit_value, 0.25 * 68);
    assert.ok(lead.ci_low !== null && lead.ci_high !== null && lead.ci_low < 17 && lead.ci_high > 17);
    const rule = await adoptValueEstimate(t.store, t.workspace, lead);
    assert.match(rule.rule_id, /^vr_/);
    const after = await valueEstimates(t.store, t.workspace, period);
    assert.equal(after.find((p) => p.outcome === "lead")?.current_rule?.unit_value, 17);
  } finally {
    await t.close();
  }
});
