import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { shapleyModel } from "../../src/attribution/shapley.js";
import type { Journey } from "../../src/attribution/types.js";
import { assertClose } from "./helpers.js";
import { aggregateJourneys } from "./js-journeys.js";

const journeyArbitrary = fc.record({
  channels: fc.array(fc.constantFrom("fb", "ig", "x", "li", "tt", "yt", "pin"), {
    minLength: 1,
    maxLength: 8,
  }),
  conversions: fc.integer({ min: 0, max: 4 }),
  value: fc.double({ min: 0, max: 500, noNaN: true }),
});
const toJourney = (d: { channels: string[]; conversions: number; value: number }): Journey => ({
  touches: d.channels.map((channel) => ({ channel, time: null })),
  conversions: d.conversions,
  value: d.conversions ? d.value : 0,
  nulls: d.conversions ? 0 : 1,
  convertedAt: null,
});

/** Under v(S) = conversions of journeys with channels ⊆ S, each journey is a unanimity game of its channel set. */
function linearOverUniqueChannels(journeys: readonly Journey[]) {
  const credits = new Map<string, { conversions: number; value: number }>();
  for (const journey of journeys) {
    const unique = [...new Set(journey.touches.map((t) => t.channel))];
    for (const channel of unique) {
      const credit = credits.get(channel) ?? { conversions: 0, value: 0 };
      credit.conversions += journey.conversions / unique.length;
      credit.value += journey.value / unique.length;
      credits.set(channel, credit);
    }
  }
  return credits;
}

test("exact Shapley equals linear attribution over each journey's unique channels (property)", () => {
  fc.assert(
    fc.property(fc.array(journeyArbitrary, { minLength: 1, maxLength: 30 }), (drafts) => {
      const journeys = drafts.map(toJourney);
      const result = shapleyModel(aggregateJourneys(journeys));
      const expected = linearOverUniqueChannels(journeys);
      for (const credit of result.channels) {
        assertClose(credit.conversions, expected.get(credit.channel)?.conversions ?? 0, 1e-9, credit.channel);
        assertClose(credit.value, expected.get(credit.channel)?.value ?? 0, 1e-9, credit.channel);
      }
      assert.match(result.method ?? "", /^exact/);
    }),
    { numRuns: 150 },
  );
});

test("sampled Shapley beyond the exact limit: seeded, sums to the totals, within its standard error", () => {
  const journeys = fc
    .sample(fc.array(journeyArbitrary, { minLength: 40, maxLength: 40 }), { numRuns: 1, seed: 7 })[0]!
    .map(toJourney);
  const aggregated = aggregateJourneys(journeys);
  const sampled = shapleyModel(aggregated, { exactMaxChannels: 3, samples: 4000 });
  assert.deepEqual(
    shapleyModel(aggregated, { exactMaxChannels: 3, samples: 4000 }),
    sampled,
    "same seed, same result",
  );
  assert.match(sampled.note ?? "", /estimated from sampled orderings/);
  const exact = linearOverUniqueChannels(journeys);
  let conversions = 0;
  for (const credit of sampled.channels) {
    conversions += credit.conversions;
    const error = Math.abs(credit.conversions - exact.get(credit.channel)!.conversions);
    assert.ok(error <= 5 * credit.standard_error_conversions! + 1e-9, `${credit.channel}: ${error}`);
  }
  assertClose(conversions, aggregated.totalConversions);
});
