import assert from "node:assert/strict";
import { test } from "node:test";
import { type CurveDraw, fitMmm, type MmmFit } from "../../src/mmm/fit-model.js";
import { BudgetPlanError, currentSpend, moveGain, planBudget } from "../../src/mmm/plan-budget.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { hill } from "../../src/mmm/transforms.js";

const NO_ESTIMATE = { mean: 0, median: 0, low: 0, high: 0 };

/** A fit whose curves are given: the plan can then be checked against a known optimum. */
function fitWithCurves(curves: Record<string, CurveDraw[]>): MmmFit {
  return {
    cadence: "weekly",
    periods: 104,
    firstDate: "2025-01-06",
    lastDate: "2026-12-28",
    interval: 0.9,
    channels: Object.entries(curves).map(([channel, curveDraws]) => ({
      channel,
      spend: 0,
      contribution: NO_ESTIMATE,
      roi: NO_ESTIMATE,
      marginalRoi: NO_ESTIMATE,
      roiRhat: 1,
      halfLifeDays: NO_ESTIMATE,
      responseCurve: [],
      spendScale: 100,
      curveDraws,
    })),
    baselineShare: NO_ESTIMATE,
    fit: { r2: 1, mape: 0, holdoutMape: null, holdoutPeriods: 0 },
    sampler: { chains: 1, draws: curveDraws(1).length, maxRhat: 1 },
    calibration: null,
  };
}

function curveDraws(effect: number, halfSaturation = 2, shape = 1): CurveDraw[] {
  return [0.8, 1, 1.2].map((factor) => ({ effect: effect * factor, halfSaturation, shape }));
}

test("the budget goes to the channel that earns more per extra unit, up to its bound", () => {
  const fit = fitWithCurves({ strong: curveDraws(1000), weak: curveDraws(200) });
  const plan = planBudget(fit, [100, 100]);
  assert.equal(plan.budget, 200);
  assert.deepEqual(
    plan.channels.map((c) => [c.channel, c.lower, c.upper, c.planned]),
    [
      ["strong", 70, 130, 130],
      ["weak", 70, 130, 70],
    ],
  );
  const expectedGain = 1000 * (hill(1.3, 2, 1) - hill(1, 2, 1)) + 200 * (hill(0.7, 2, 1) - hill(1, 2, 1));
  assert.ok(Math.abs(plan.gain.mean - expectedGain) < 1e-9);
  assert.ok(plan.gain.low > 0 && plan.gain.low < plan.gain.mean && plan.gain.mean < plan.gain.high);
  assert.deepEqual(plan.moves, [{ from: "weak", to: "strong", amount: 30 }]);
  const move = moveGain(fit, [100, 100], { from: "weak", to: "strong", amount: 30 });
  assert.ok(Math.abs(move.gain.mean - expectedGain) < 1e-9);
  assert.ok(moveGain(fit, [100, 100], { from: "strong", to: "weak", amount: 10 }).gain.mean < 0);
  assert.throws(() => moveGain(fit, [100, 100], { from: "weak", to: "weak", amount: 10 }), BudgetPlanError);
});

test("an S-shaped curve gets the spend that lifts it over its bend, which a greedy allocator misses", () => {
  // Below its half-saturation the S-curve earns almost nothing per extra unit, so a step-by-step
  // greedy allocation would give every step to the concave channel.
  const fit = fitWithCurves({ concave: curveDraws(300, 1, 0.7), steep: curveDraws(2000, 1.2, 6) });
  const plan = planBudget(fit, [100, 100], { maxChange: 0.5 });
  assert.equal(plan.channels[1]!.planned, 150);
  assert.ok(plan.gain.mean > 0);
});

test("a plan spends exactly the budget within the bounds; an impossible budget is refused", () => {
  const { series } = simulateSeries({ seed: 21, cadence: "weekly", years: 2, channels: 4 });
  const fit = fitMmm(series, {
    seed: 2,
    holdout: false,
    sampler: { burnIn: 100, sweeps: 300 },
  });
  const today = currentSpend(series, fit);
  const budget = 1.1 * today.reduce((sum, v) => sum + v, 0);
  const plan = planBudget(fit, today, { budget });
  const planned = plan.channels.reduce((sum, c) => sum + c.planned, 0);
  assert.ok(Math.abs(planned - budget) < 1e-6 * budget, `${planned} vs ${budget}`);
  for (const c of plan.channels) assert.ok(c.lower - 1e-9 <= c.planned && c.planned <= c.upper + 1e-9);
  const same = planBudget(fit, today);
  assert.ok(same.gain.mean >= -1e-6 * same.currentKpi.mean, "the plan is at least as good as today");
  assert.throws(() => planBudget(fit, today, { budget: 2 * budget }), BudgetPlanError);
  assert.throws(
    () => moveGain(fit, today, { from: "nope", to: "channel_1", amount: 1 }),
    /no channel "nope"/,
  );
});
