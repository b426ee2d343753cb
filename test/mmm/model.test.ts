import assert from "node:assert/strict";
import { test } from "node:test";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { MmmDataError, type MmmSeries } from "../../src/mmm/series.js";
import { simulateSeries } from "../../src/mmm/simulate.js";
import { geometricAdstock, halfLife, hill } from "../../src/mmm/transforms.js";

const QUICK = { sampler: { burnIn: 100, sweeps: 300 }, holdout: false } as const;

test("adstock keeps a constant spend's level, Hill is one half at its half-saturation", () => {
  const carried = geometricAdstock(new Array(40).fill(10), 0.5);
  assert.ok(Math.abs(carried[carried.length - 1]! - 10) < 1e-9);
  assert.deepEqual(Array.from(geometricAdstock([4, 0, 0], 0.5)), [2, 1, 0.5]);
  assert.equal(hill(1.5, 1.5, 2), 0.5);
  assert.equal(hill(0, 1, 1), 0);
  assert.equal(halfLife(0.5), 1);
  assert.equal(halfLife(0), 0);
});

test("a fit is the same for the same seed and reports coherent figures", () => {
  const { series } = simulateSeries({ seed: 7, cadence: "weekly", years: 2, channels: 3 });
  const first = fitMmm(series, { ...QUICK, seed: 3 });
  assert.deepEqual(fitMmm(series, { ...QUICK, seed: 3 }), first);
  assert.notDeepEqual(fitMmm(series, { ...QUICK, seed: 4 }).channels[0]!.roi, first.channels[0]!.roi);
  assert.equal(first.cadence, "weekly");
  assert.ok(first.sampler.maxRhat < 1.1, `R-hat ${first.sampler.maxRhat}`);
  assert.ok(first.fit.r2 > 0.5 && first.fit.r2 <= 1, `R² ${first.fit.r2}`);
  assert.ok(first.baselineShare.mean > 0 && first.baselineShare.mean < 1);
  for (const channel of first.channels) {
    assert.ok(channel.roi.low <= channel.roi.median && channel.roi.median <= channel.roi.high);
    assert.ok(channel.roi.low > 0, "channel effects are positive");
    const current = channel.responseCurve.find((point) => point.current)!;
    assert.equal(current.spend, channel.spend);
    assert.deepEqual(current.contribution, channel.contribution);
    assert.equal(channel.responseCurve[0]!.contribution.mean, 0);
    assert.ok(Math.abs(channel.roi.median - channel.contribution.median / channel.spend) < 1e-9);
  }
});

test("the held-out tail is forecast by a model fitted without it", () => {
  const { series } = simulateSeries({ seed: 11, cadence: "weekly", years: 2, channels: 2 });
  const fit = fitMmm(series, { seed: 1, sampler: QUICK.sampler });
  assert.equal(fit.fit.holdoutPeriods, 11);
  assert.ok(fit.fit.holdoutMape !== null && fit.fit.holdoutMape > 0 && fit.fit.holdoutMape < 0.5);
});

function refusal(series: MmmSeries): MmmDataError {
  try {
    fitMmm(series, QUICK);
  } catch (error) {
    assert.ok(error instanceof MmmDataError, String(error));
    return error;
  }
  assert.fail("the series was fitted");
}

test("data that cannot carry a model are refused with the problem named", () => {
  const { series } = simulateSeries({ seed: 5, cadence: "weekly", years: 2, channels: 3 });
  const short = refusal({
    ...series,
    dates: series.dates.slice(0, 20),
    kpi: series.kpi.slice(0, 20),
    channels: series.channels.map((c) => ({ ...c, spend: c.spend.slice(0, 20) })),
    controls: [],
  });
  assert.equal(short.problem, "too_few_periods");
  assert.match(short.message, /20 periods are too few/);

  const flat = refusal({
    ...series,
    channels: series.channels.map((c, i) => (i === 1 ? { ...c, spend: c.spend.map(() => 500) } : c)),
  });
  assert.equal(flat.problem, "no_spend_variation");
  assert.match(flat.message, /"channel_2"/);

  const copied = refusal({
    ...series,
    channels: [...series.channels, { name: "twin", spend: series.channels[0]!.spend.map((v) => 2 * v + 1) }],
  });
  assert.equal(copied.problem, "collinear_channels");
  assert.match(copied.message, /channel "channel_1" .* most with "twin"/);

  const gap = refusal({ ...series, dates: series.dates.map((d, i) => (i === 30 ? "2099-01-01" : d)) });
  assert.equal(gap.problem, "irregular_dates");
});

test("a channel whose spend rises when the KPI falls gets an effect near zero, never a negative one", () => {
  const { series } = simulateSeries({ seed: 5, cadence: "weekly", years: 2, channels: 3 });
  const top = Math.max(...series.kpi);
  const slump = { name: "slump", spend: series.kpi.map((kpi) => 10 * (top - kpi) + 100) };
  const fit = fitMmm({ ...series, channels: [...series.channels, slump] }, QUICK);
  const roi = fit.channels[3]!.roi;
  assert.ok(roi.low >= 0 && roi.high < 0.05, JSON.stringify(roi));
});
