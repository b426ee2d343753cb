import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { MentionList, ScoredMention } from "../../src/api/mentions.js";
import { cliDatabase, runCli } from "./run-cli.js";

/** socialroi mentions list|correct: the sentiment of each mention, and the user's corrections, which outrank the model. */

const { dir, db, ok } = cliDatabase("store.duckdb");

function refused(args: string[]): string {
  const result = runCli([...args, "--db", db]);
  assert.equal(result.status, 1, result.stdout);
  return result.stderr;
}

const MARCH = ["--from", "2026-03-01", "--to", "2026-03-31"];
const listed = (...args: string[]) =>
  JSON.parse(ok(["mentions", "list", "--json", ...MARCH, ...args])) as MentionList;

test("mentions are listed with their verdict, corrected, listed as corrected, and undone", () => {
  ok(["init", "--currency", "EUR", "--name", "Acme"]);
  const file = join(dir, "mentions.csv");
  writeFileSync(
    file,
    "mention_id,occurred_at,network,author,text,replied_at,resolved,language\n" +
      "m1,2026-03-02T10:00:00Z,facebook,a,I love this great product,2026-03-02T10:30:00Z,1,en\n" +
      "m2,2026-03-03T10:00:00Z,instagram,b,Service nul,,,fr\n",
  );
  ok(["import", file]);

  const all = listed();
  assert.deepEqual(
    all.mentions.map((m) => [m.network, m.mention_id, m.language, m.source]),
    [
      ["instagram", "m2", "fr", "model"],
      ["facebook", "m1", "en", "model"],
    ],
  );
  const m1 = all.mentions[1]!;
  const table = ok(["mentions", "list", ...MARCH]);
  assert.match(table, /2 of 2 mentions/);
  assert.match(table, /facebook +m1 .* model /);

  const target = m1.model_sentiment === "negative" ? "neutral" : "negative";
  const corrected = JSON.parse(
    ok(["mentions", "correct", "FB", "m1", "--sentiment", target, "--json"]),
  ) as ScoredMention;
  assert.deepEqual([corrected.sentiment, corrected.source], [target, "user"]);
  assert.deepEqual(
    listed("--corrected").mentions.map((m) => [m.mention_id, m.sentiment]),
    [["m1", target]],
  );
  assert.ok(listed("--low-confidence").mentions.every((m) => m.low_confidence && m.source === "model"));
  assert.match(
    ok(["mentions", "correct", "facebook", "m1", "--undo"]),
    new RegExp(`facebook m1: ${m1.model_sentiment} \\(the model's`),
  );
  assert.equal(listed("--corrected").total, 0);

  assert.match(
    refused(["mentions", "correct", "facebook", "nope", "--sentiment", "positive"]),
    /No mention nope/,
  );
  assert.match(refused(["mentions", "correct", "facebook", "m1"]), /either --sentiment .* or --undo/);
  assert.match(
    refused(["mentions", "correct", "facebook", "m1", "--sentiment", "positive", "--undo"]),
    /either --sentiment/,
  );
  assert.match(
    refused(["mentions", "list", "--low-confidence", "--corrected", ...MARCH]),
    /exclude each other/,
  );
  const wrongClass = runCli(["mentions", "correct", "facebook", "m1", "--sentiment", "happy", "--db", db]);
  assert.notEqual(wrongClass.status, 0);
  assert.match(wrongClass.stderr, /Allowed choices are positive, neutral, negative/);
});
