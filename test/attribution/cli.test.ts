import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import type { Journey } from "../../src/attribution/types.js";
import { attributionCommand, type LoadPathsFromStore } from "../../src/cli/commands/attribution.js";
import { writeTemp } from "./helpers.js";
import { aggregateJourneys } from "./js-journeys.js";

const PATHS = writeTemp(
  "cli-paths.csv",
  "path;total_conversions;total_conversion_value;total_null\nalpha > beta;2;20;1\nbeta;1;5;3\nalpha > alpha;0;0;2\n",
);

async function run(args: string[], load: LoadPathsFromStore = async () => aggregateJourneys([])) {
  const captured = { stdout: "", stderr: "" };
  await attributionCommand(load)
    .configureOutput({
      writeOut: (text) => {
        captured.stdout += text;
      },
      writeErr: (text) => {
        captured.stderr += text;
      },
    })
    .exitOverride()
    .parseAsync(args, { from: "user" });
  return { ...captured, exitCode: process.exitCode };
}

afterEach(() => {
  process.exitCode = undefined;
});

test("--json prints the PRODUCT.md §9 shape", async () => {
  const { stdout, exitCode } = await run(["--paths", PATHS, "--model", "markov", "linear", "--json"]);
  assert.equal(exitCode, undefined);
  const output = JSON.parse(stdout);
  assert.deepEqual(
    output.models.map((m: { model: string; order?: number }) => [m.model, m.order]),
    [
      ["linear", undefined],
      ["markov", 1],
    ],
  );
  const markov = output.models[1];
  assert.deepEqual(Object.keys(markov.channels[0]).slice(0, 4), [
    "channel",
    "conversions",
    "value",
    "removal_effect",
  ]);
  assert.equal(markov.transition_matrix, undefined, "only with --matrix");
  assert.equal(output.comparison.length, 2);
});

test("without --json: readable tables and the comparison sentences in the chosen language", async () => {
  const { stdout } = await run(["--paths", PATHS, "--lang", "nl", "--matrix"]);
  assert.match(stdout, /Conversions credited/);
  assert.match(stdout, /markov_order_1/);
  assert.match(stdout, /alpha krijgt/);
  assert.match(stdout, /time_decay: time decay is not available/);
});

test("--from/--to reads journeys from the store with the lookback, half-life and level", async () => {
  const calls: unknown[] = [];
  const journey: Journey = {
    touches: [{ channel: "facebook", time: Date.UTC(2024, 0, 1) }],
    conversions: 1,
    value: 10,
    nulls: 0,
    convertedAt: Date.UTC(2024, 0, 2),
  };
  const { stdout } = await run(
    [
      "--from",
      "2024-01-01",
      "--to",
      "2024-01-31",
      "--lookback",
      "14",
      "--half-life",
      "3",
      "--level",
      "campaign",
      "--json",
    ],
    async (opts) => {
      calls.push(opts);
      return aggregateJourneys([journey], opts.halfLifeDays);
    },
  );
  assert.deepEqual(calls, [
    { from: "2024-01-01", to: "2024-01-31", lookbackDays: 14, halfLifeDays: 3, level: "campaign" },
  ]);
  assert.equal(JSON.parse(stdout).models.length, 8);
});

test("unknown model, bad file or missing source: message on stderr, exit code 1, no stack trace", async () => {
  for (const args of [
    ["--paths", PATHS, "--model", "magic"],
    ["--paths", writeTemp("cli-bad.csv", "path;total_conversions\na;-1\n")],
    ["--model", "linear"],
    ["--paths", PATHS, "--order", "7"],
  ]) {
    const { stdout, stderr, exitCode } = await run(args);
    assert.equal(exitCode, 1, args.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, /^socialroi attribution: /);
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  }
});
