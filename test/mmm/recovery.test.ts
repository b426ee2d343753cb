import assert from "node:assert/strict";
import { test } from "node:test";
import { fitMmm } from "../../src/mmm/fit-model.js";
import { quantile } from "../../src/mmm/random.js";
import { type SimulationSpec, simulateSeries } from "../../src/mmm/simulate.js";

/**
 * Issue 19's proof that the intervals are honest: on data sets with a known answer (2–6
 * channels, daily over 1–3 years or weekly over 2–3, correlated and flighted spends), the 90%
 * intervals of channel ROI must hold the true ROI in 85–95% of cases: fewer means overconfident
 * intervals, more means intervals wider than the data justify. Takes about a minute.
 */

const DATA_SETS = 60;

function specOf(index: number): SimulationSpec {
  const cadence = index % 2 === 0 ? "daily" : "weekly";
  return {
    seed: 1000 + index,
    cadence,
    years: cadence === "daily" ? 1 + (index % 3) : 2 + ((index >> 1) % 2),
    channels: 2 + (index % 5),
  };
}

/** Share of channel pairs the estimates put in the same order as the truth. */
function concordance(truth: readonly number[], estimates: readonly number[]): number {
  let same = 0;
  let pairs = 0;
  for (let a = 0; a < truth.length; a++) {
    for (let b = a + 1; b < truth.length; b++) {
      pairs++;
      if (Math.sign(truth[a]! - truth[b]!) === Math.sign(estimates[a]! - estimates[b]!)) same++;
    }
  }
  return same / pairs;
}

test(`90% ROI intervals cover the true ROI in 85–95% of channels over ${DATA_SETS} simulated data sets`, () => {
  let covered = 0;
  let channels = 0;
  let topRight = 0;
  let unconverged = 0;
  const concordances: number[] = [];
  const relativeErrors: number[] = [];
  for (let index = 0; index < DATA_SETS; index++) {
    const spec = specOf(index);
    const { series, truth } = simulateSeries(spec);
    const fit = fitMmm(series, { seed: spec.seed, holdout: false });
    if (fit.sampler.maxRhat > 1.1) unconverged++;
    const estimated = fit.channels.map((channel) => channel.roi.median);
    fit.channels.forEach((channel, c) => {
      const trueRoi = truth[c]!.roi;
      channels++;
      if (channel.roi.low <= trueRoi && trueRoi <= channel.roi.high) covered++;
      relativeErrors.push(Math.abs(channel.roi.median - trueRoi) / trueRoi);
    });
    const trueRois = truth.map((channel) => channel.roi);
    concordances.push(concordance(trueRois, estimated));
    if (trueRois.indexOf(Math.max(...trueRois)) === estimated.indexOf(Math.max(...estimated))) topRight++;
  }
  const coverage = covered / channels;
  const meanConcordance = concordances.reduce((sum, v) => sum + v, 0) / concordances.length;
  process.stdout.write(
    [
      `# recovery over ${DATA_SETS} data sets, ${channels} channels`,
      `# ROI coverage of the 90% intervals: ${(coverage * 100).toFixed(1)}% (${covered}/${channels})`,
      `# point ROI (posterior median) relative error: median ${(quantile(relativeErrors, 0.5) * 100).toFixed(1)}%, p90 ${(quantile(relativeErrors, 0.9) * 100).toFixed(1)}%`,
      `# fits with a channel's ROI R-hat above 1.1: ${unconverged}/${DATA_SETS}`,
      `# channel pairs ranked as the truth: ${(meanConcordance * 100).toFixed(1)}%; best channel found in ${topRight}/${DATA_SETS} data sets`,
      "",
    ].join("\n"),
  );
  assert.ok(coverage >= 0.85 && coverage <= 0.95, `coverage ${coverage}`);
  assert.ok(meanConcordance > 0.75, `pairs ranked right ${meanConcordance}`);
  assert.ok(topRight > DATA_SETS / 2, `best channel found in ${topRight}`);
});
