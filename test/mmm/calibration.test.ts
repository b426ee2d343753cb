import assert from "node:assert/strict";
import { test } from "node:test";
import { type Estimate, fitMmm } from "../../src/mmm/fit-model.js";
import { LiftTestError, liftTerms } from "../../src/mmm/lift-tests.js";
import { simulateSeries } from "../../src/mmm/simulate.js";

const DATA_SETS = 10;
/** Weeks 40–65 of two years: half a year of one channel measured by an experiment. */
const WINDOW = { first: 40, last: 65 };

const width = (estimate: Estimate) => estimate.high - estimate.low;
const covers = (estimate: Estimate, value: number) => estimate.low <= value && value <= estimate.high;

test("a correct lift test narrows the channel's ROI interval and keeps coverage; a wrong one is flagged", () => {
  const covered = { before: 0, after: 0 };
  let narrower = 0;
  let correctFlagged = 0;
  let wrongFlagged = 0;
  const ratios: number[] = [];
  for (let seed = 1; seed <= DATA_SETS; seed++) {
    const { series, truth } = simulateSeries({ seed, cadence: "weekly", years: 2, channels: 3 });
    const measured = truth[0]!;
    const trueLift = measured.contributionByPeriod
      .slice(WINDOW.first, WINDOW.last + 1)
      .reduce((sum, v) => sum + v, 0);
    const liftOf = (incremental: number) => ({
      channel: measured.channel,
      start: series.dates[WINDOW.first]!,
      end: series.dates[WINDOW.last]!,
      incremental,
      low: 0.8 * incremental,
      high: 1.2 * incremental,
    });
    const correct = fitMmm(series, { seed, holdout: false, liftTests: [liftOf(trueLift)] }).calibration!;
    const { roiBefore, roiAfter } = correct.channels[0]!;
    if (covers(roiBefore, measured.roi)) covered.before++;
    if (covers(roiAfter, measured.roi)) covered.after++;
    if (width(roiAfter) < width(roiBefore)) narrower++;
    ratios.push(width(roiAfter) / width(roiBefore));
    if (correct.tests[0]!.disagrees) correctFlagged++;

    const wrong = fitMmm(series, { seed, holdout: false, liftTests: [liftOf(3 * trueLift)] }).calibration!;
    if (wrong.tests[0]!.disagrees) {
      wrongFlagged++;
      assert.ok(wrong.tests[0]!.tension > 0, "the test measured more than the data say");
    }
  }
  console.log(
    `# ${DATA_SETS} data sets: ROI interval narrowed in ${narrower} (width after/before ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); true ROI covered ${covered.before} before, ${covered.after} after; correct tests flagged ${correctFlagged}, tests of 3× the truth flagged ${wrongFlagged}`,
  );
  assert.equal(narrower, DATA_SETS);
  assert.ok(covered.after >= DATA_SETS - 1, `covered ${covered.after}/${DATA_SETS}`);
  assert.ok(correctFlagged <= 1, `correct tests flagged ${correctFlagged}`);
  // Where the data alone leave the ROI wide open, no test can be told wrong: most, not all.
  assert.ok(wrongFlagged >= DATA_SETS / 2, `wrong tests flagged ${wrongFlagged}`);
});

test("without lift tests there is no calibration; a test the series cannot take is refused", () => {
  const { series } = simulateSeries({ seed: 2, cadence: "weekly", years: 2, channels: 2 });
  const quick = { holdout: false, sampler: { burnIn: 20, sweeps: 40 } } as const;
  assert.equal(fitMmm(series, quick).calibration, null);
  const test = {
    channel: "channel_1",
    start: "2023-03-01",
    end: "2023-03-31",
    incremental: 10,
    low: 5,
    high: 15,
  };
  const [term] = liftTerms(series, [test]);
  // Weeks starting 6, 13, 20 and 27 March; the 90% interval's half-width is 1.645 standard errors.
  assert.deepEqual(
    { ...term, standardError: Number(term!.standardError.toFixed(4)) },
    { channel: 0, first: 9, last: 12, incremental: 10, standardError: 3.0398 },
  );
  assert.throws(() => liftTerms(series, [{ ...test, channel: "tiktok" }]), LiftTestError);
  assert.throws(
    () => fitMmm(series, { ...quick, liftTests: [{ ...test, start: "2030-01-01", end: "2030-02-01" }] }),
    /starts no period of the data \(2023-01-02 to 2024-12-23\)/,
  );
});
