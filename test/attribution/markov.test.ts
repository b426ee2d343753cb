import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  buildMarkovChain,
  CONVERSION_STATE,
  chooseMarkovOrder,
  markovModel,
  NULL_STATE,
  START_STATE,
  transitionMatrix,
} from "../../src/attribution/markov.js";
import type { Journey } from "../../src/attribution/types.js";
import { assertClose } from "./helpers.js";
import { aggregateJourneys } from "./js-journeys.js";

const path = (channels: string, conversions: number, value: number, nulls: number): Journey => ({
  touches: channels.split(">").map((channel) => ({ channel: channel.trim(), time: null })),
  conversions,
  value,
  nulls,
  convertedAt: null,
});

/*
 * Worked on paper, order 1. Paths: "A > B" 1 conversion (value 10); "A" 1 conversion (value 50), 1 null;
 * "B" 1 conversion (value 30), 1 null. N = 5 journeys, C = 3 conversions, V = 90.
 * Counts: start→A 3, start→B 2; A→B 1, A→conv 1, A→null 1; B→conv 2, B→null 1.
 * P(conv): x_B = 2/3; x_A = 1/3·x_B + 1/3 = 5/9; x_start = 3/5·5/9 + 2/5·2/3 = 3/5 (= C/N).
 * Without A: x_start = 2/5·2/3 = 4/15, RE_A = 1 − (4/15)/(3/5) = 5/9.
 * Without B: x_A = 1/3, x_start = 3/5·1/3 = 1/5, RE_B = 1 − (1/5)/(3/5) = 2/3.
 * Conversions: A = 3·(5/9)/(11/9) = 15/11, B = 3·(6/9)/(11/9) = 18/11.
 * Value: conversions ending in B are worth 40 over 3 departures, in A 50 over 3 departures.
 * v_B = 40/3; v_A = 1/3·40/3 + 50/3 = 190/9; v_start = 3/5·190/9 + 2/5·40/3 = 18 (= V/N).
 * Without A: v_start = 2/5·40/3 = 16/3, RE_A = 1 − (16/3)/18 = 19/27.
 * Without B: v_A = 50/3, v_start = 10, RE_B = 1 − 10/18 = 12/27.
 * Value: A = 90·19/31 = 1710/31, B = 90·12/31 = 1080/31.
 */
test("Markov order 1 on a three-path example worked on paper", () => {
  const aggregated = aggregateJourneys([path("A > B", 1, 10, 0), path("A", 1, 50, 1), path("B", 1, 30, 1)]);
  const result = markovModel(aggregated, 1, { includeMatrix: true });
  const [a, b] = result.channels;
  assertClose(a!.removal_effect!, 5 / 9);
  assertClose(b!.removal_effect!, 2 / 3);
  assertClose(a!.conversions, 15 / 11);
  assertClose(b!.conversions, 18 / 11);
  assertClose(a!.removal_effect_value!, 19 / 27);
  assertClose(b!.removal_effect_value!, 12 / 27);
  assertClose(a!.value, 1710 / 31);
  assertClose(b!.value, 1080 / 31);
  const probability = (from: string, to: string) =>
    result.transition_matrix!.find((row) => row.from === from && row.to === to)?.probability;
  assert.equal(probability(START_STATE, "A"), 3 / 5);
  assert.equal(probability("A", NULL_STATE), 1 / 3);
  assert.equal(probability("B", CONVERSION_STATE), 2 / 3);
});

test("Markov states collapse repeated channels and use windows of the last k channels", () => {
  const aggregated = aggregateJourneys([path("a > a > b > b > a", 1, 1, 0)]);
  const names = (order: number) => [
    ...new Set(transitionMatrix(buildMarkovChain(aggregated, order)).map((r) => r.to)),
  ];
  assert.deepEqual(names(1).sort(), [CONVERSION_STATE, "a", "b"]);
  assert.deepEqual(names(2).sort(), [CONVERSION_STATE, "a", "a,b", "b,a"]);
  assert.deepEqual(names(4).sort(), [CONVERSION_STATE, "a", "a,b", "a,b,a"]);
});

/** Absorption probability from the start by dense Gaussian elimination with partial pivoting. */
function denseAbsorption(
  rows: { from: string; to: string; probability: number }[],
  removed: (state: string) => boolean,
  reward: (state: string) => number,
): number {
  const states = [...new Set(rows.map((r) => r.from))];
  const index = new Map(states.map((s, i) => [s, i]));
  const n = states.length;
  const matrix = states.map((state, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[i] = 1;
    if (!removed(state)) {
      for (const r of rows) if (r.from === state && index.has(r.to)) row[index.get(r.to)!]! -= r.probability;
      row[n] = reward(state);
    }
    return row;
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(matrix[r]![col]!) > Math.abs(matrix[pivot]![col]!)) pivot = r;
    [matrix[col], matrix[pivot]] = [matrix[pivot]!, matrix[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = matrix[r]![col]! / matrix[col]![col]!;
      for (let c = col; c <= n; c++) matrix[r]![c]! -= factor * matrix[col]![c]!;
    }
  }
  const start = index.get(START_STATE)!;
  return matrix[start]![n]! / matrix[start]![start]!;
}

test("Markov removal effects agree with a dense Gaussian elimination to 1e-9 (property)", () => {
  const journeyArbitrary = fc.record({
    channels: fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 6 }),
    conversions: fc.integer({ min: 0, max: 3 }),
    nulls: fc.integer({ min: 0, max: 3 }),
    value: fc.double({ min: 0, max: 100, noNaN: true }),
  });
  fc.assert(
    fc.property(
      fc.array(journeyArbitrary, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 3 }),
      (drafts, order) => {
        const journeys = drafts.map((d) =>
          path(d.channels.join(">"), d.conversions, d.conversions ? d.value : 0, d.nulls),
        );
        const aggregated = aggregateJourneys(journeys);
        if (aggregated.totalConversions === 0) return;
        const result = markovModel(aggregated, order, { includeMatrix: true });
        const rows = result.transition_matrix!;
        const conversionProbability = (state: string) =>
          rows.find((r) => r.from === state && r.to === CONVERSION_STATE)?.probability ?? 0;
        const baseline = denseAbsorption(rows, () => false, conversionProbability);
        assertClose(
          baseline,
          aggregated.totalConversions / (aggregated.totalConversions + aggregated.totalNulls),
        );
        for (const credit of result.channels) {
          const contains = (state: string) =>
            state !== START_STATE && state.split(",").includes(credit.channel);
          const without = denseAbsorption(rows, contains, conversionProbability);
          assertClose(credit.removal_effect!, 1 - without / baseline, 1e-9, `RE ${credit.channel}`);
        }
      },
    ),
    { numRuns: 200 },
  );
});

test("order chooser reports the penalised AUC of every order and picks the best", () => {
  const journeys = [
    path("a > b", 5, 5, 0),
    path("b > a", 0, 0, 5),
    path("c > a", 1, 1, 4),
    path("c > b", 1, 1, 4),
  ];
  const choice = chooseMarkovOrder(aggregateJourneys(journeys));
  assert.equal(choice.candidates.length, 4);
  for (const c of choice.candidates) assertClose(c.penalised_auc, c.auc - 0.01 * (c.order - 1));
  assert.equal(choice.order, 2, "the last channel alone does not tell a > b from c > b");
  assert.ok(choice.candidates[1]!.auc > choice.candidates[0]!.auc);
});
