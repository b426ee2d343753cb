import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type AttributionOptions, computeAttribution } from "../../src/attribution/index.js";
import type { Journey } from "../../src/attribution/types.js";
import { assertClose, creditOf, DAY } from "./helpers.js";
import { aggregateJourneys } from "./js-journeys.js";

const converted = (channels: string[], conversions = 1, value = 0): Journey => ({
  touches: channels.map((channel) => ({ channel, time: null })),
  conversions,
  value,
  nulls: 0,
  convertedAt: null,
});

function model(journeys: Journey[], options: AttributionOptions) {
  return computeAttribution(aggregateJourneys(journeys), options).models;
}

test("time decay: touches 14, 7 and 0 days before the conversion get 1/7, 2/7 and 4/7", () => {
  const convertedAt = Date.UTC(2024, 0, 31);
  const journey: Journey = {
    touches: [
      { channel: "linkedin", time: convertedAt - 14 * DAY },
      { channel: "instagram", time: convertedAt - 7 * DAY },
      { channel: "facebook", time: convertedAt },
    ],
    conversions: 1,
    value: 70,
    nulls: 0,
    convertedAt,
  };
  const [decay] = model([journey], { models: ["time_decay"] });
  assertClose(creditOf(decay, "linkedin"), 1 / 7);
  assertClose(creditOf(decay, "instagram"), 2 / 7);
  assertClose(creditOf(decay, "facebook"), 4 / 7);
  assertClose(decay!.channels.find((c) => c.channel === "facebook")!.value, 40);
  assert.equal(decay!.note, undefined);
});

test("time decay without touch times says so and falls back to equal weights", () => {
  const [linear, decay] = model([converted(["a", "b", "b"])], { models: ["time_decay", "linear"] });
  assert.match(decay!.note ?? "", /not available/);
  assert.equal(decay!.method, "fallback_linear");
  assert.deepEqual(decay!.channels, linear!.channels);
});

test("position based: 1 touch 100%, 2 touches 50/50, 5 touches 40/6.67/6.67/6.67/40 with repeats counted", () => {
  const [one] = model([converted(["a"])], { models: ["position_based"] });
  assertClose(creditOf(one, "a"), 1);
  const [two] = model([converted(["a", "b"])], { models: ["position_based"] });
  assertClose(creditOf(two, "a"), 0.5);
  assertClose(creditOf(two, "b"), 0.5);
  const [five] = model([converted(["a", "b", "c", "b", "d"], 3)], { models: ["position_based"] });
  assertClose(creditOf(five, "a"), 3 * 0.4);
  assertClose(creditOf(five, "b"), 3 * (0.2 / 3) * 2);
  assertClose(creditOf(five, "c"), 3 * (0.2 / 3));
  assertClose(creditOf(five, "d"), 3 * 0.4);
});

test("first, last, last non-direct and linear touch on one path", () => {
  const journeys = [converted(["facebook", "instagram", "instagram", "(direct)"]), converted(["direct"])];
  const results = model(journeys, { models: ["first_touch", "last_touch", "last_non_direct", "linear"] });
  const byName = new Map(results.map((r) => [r.model, r]));
  assert.equal(creditOf(byName.get("first_touch"), "facebook"), 1);
  assert.equal(creditOf(byName.get("last_touch"), "(direct)"), 1);
  assert.equal(creditOf(byName.get("last_non_direct"), "instagram"), 1);
  assert.equal(creditOf(byName.get("last_non_direct"), "direct"), 1, "only direct: falls back to direct");
  assertClose(creditOf(byName.get("linear"), "instagram"), 0.5);
  assertClose(creditOf(byName.get("linear"), "direct"), 1);
});

const journeyArbitrary = fc.record({
  channels: fc.array(fc.constantFrom("fb", "ig", "x", "li", "direct"), { minLength: 0, maxLength: 7 }),
  gaps: fc.array(fc.integer({ min: 0, max: 40 * 24 }), { minLength: 7, maxLength: 7 }),
  converted: fc.boolean(),
  value: fc.double({ min: 0, max: 1000, noNaN: true }),
});

test("every model's credits sum to the total conversions and value (property)", () => {
  fc.assert(
    fc.property(fc.array(journeyArbitrary, { minLength: 1, maxLength: 25 }), (drafts) => {
      const convertedAt = Date.UTC(2024, 5, 1);
      const journeys: Journey[] = drafts.map((draft) => ({
        touches: draft.channels.map((channel, i) => ({
          channel,
          time: convertedAt - draft.gaps[i]! * 3_600_000,
        })),
        conversions: draft.converted ? 1 : 0,
        value: draft.converted ? draft.value : 0,
        nulls: draft.converted ? 0 : 1,
        convertedAt: draft.converted ? convertedAt : null,
      }));
      const aggregated = aggregateJourneys(journeys);
      for (const markovOrder of [1, 2, 3, 4]) {
        const report = computeAttribution(aggregated, { markovOrder, shapley: { exactMaxChannels: 3 } });
        for (const result of report.models) {
          const conversions = result.channels.reduce((sum, c) => sum + c.conversions, 0);
          const value = result.channels.reduce((sum, c) => sum + c.value, 0);
          assertClose(conversions, aggregated.totalConversions, 1e-9, `${result.model} conversions`);
          assertClose(value, aggregated.totalValue, 1e-9, `${result.model} value`);
        }
      }
    }),
    { numRuns: 150 },
  );
});
