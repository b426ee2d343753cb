import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { type AttributionReport, computeAttribution } from "../../src/attribution/index.js";
import { readEventLog, readPathTable } from "../../src/attribution/read.js";
import { assertClose, writeTemp } from "./helpers.js";

const DATA = "/work/shared/data/attribution";
const PATH_TABLE = `${DATA}/channelattribution_Data.csv`;
const EVENT_LOG = `${DATA}/journeys_event_log.csv`;

/** Same shape, same strings, numbers equal to 1e-9 (relative for large ones). */
function assertSameReport(actual: unknown, expected: unknown, where = "report"): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", where);
    assertClose(actual as number, expected, 1e-9, where);
  } else if (expected !== null && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected), where);
    for (const [key, value] of Object.entries(expected)) {
      assertSameReport((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
  } else {
    assert.equal(actual, expected, where);
  }
}

/** Rows in a different order, seeded so a failure can be replayed. */
function shuffledCopy(file: string, name: string): string {
  const [header, ...rows] = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  let seed = 12345;
  for (let i = rows.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return writeTemp(name, [header, ...rows].join("\n"));
}

function assertCreditsSumToTotals(report: AttributionReport): void {
  for (const result of report.models) {
    const conversions = result.channels.reduce((sum, c) => sum + c.conversions, 0);
    const value = result.channels.reduce((sum, c) => sum + c.value, 0);
    assertClose(conversions, report.totals.conversions, 1e-9, `${result.model} conversions`);
    assertClose(value, report.totals.value, 1e-9, `${result.model} value`);
  }
}

test("ChannelAttribution path table: all models, orders 1-4, stable across runs and row order", async (t) => {
  if (!existsSync(PATH_TABLE)) {
    t.skip(`${PATH_TABLE} absent`);
    return;
  }
  const aggregated = await readPathTable(PATH_TABLE);
  assert.equal(aggregated.channels.length, 12);
  assert.equal(aggregated.totalConversions, 19785);
  const shuffled = await readPathTable(shuffledCopy(PATH_TABLE, "paths-shuffled.csv"));
  for (const markovOrder of [1, 2, 3, 4]) {
    const report = computeAttribution(aggregated, { markovOrder });
    assert.equal(report.models.length, 8);
    assertCreditsSumToTotals(report);
    assertSameReport(computeAttribution(await readPathTable(PATH_TABLE), { markovOrder }), report);
    assertSameReport(computeAttribution(shuffled, { markovOrder }), report);
    const markov = report.models.find((m) => m.model === "markov")!;
    assert.equal(markov.order, markovOrder);
    for (const credit of markov.channels)
      assert.ok(credit.removal_effect! >= 0 && credit.removal_effect! <= 1);
  }
});

test("event log file imports and runs, stable when its rows are shuffled", async (t) => {
  if (!existsSync(EVENT_LOG)) {
    t.skip(`${EVENT_LOG} absent`);
    return;
  }
  const aggregated = await readEventLog(EVENT_LOG);
  assert.equal(aggregated.totalConversions + aggregated.unattributedConversions, 1838);
  const report = computeAttribution(aggregated, { markovOrder: "auto" });
  assertCreditsSumToTotals(report);
  const timeDecay = report.models.find((m) => m.model === "time_decay")!;
  assert.equal(timeDecay.note, undefined, "event logs have times");
  const shuffled = await readEventLog(shuffledCopy(EVENT_LOG, "events-shuffled.csv"));
  assertSameReport(computeAttribution(shuffled, { markovOrder: "auto" }), report);
});
