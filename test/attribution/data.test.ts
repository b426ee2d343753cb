import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, test } from "node:test";
import { type AttributionReport, computeAttribution } from "../../src/attribution/index.js";
import { readEventLog, readPathTable } from "../../src/attribution/read.js";
import { openStore } from "../../src/store/open-store.js";
import { assertClose, assertSameReport, shuffledCopy } from "./helpers.js";

const store = await openStore(":memory:");
after(() => store.close());

const DATA = "/work/shared/data/attribution";
const PATH_TABLE = `${DATA}/channelattribution_Data.csv`;
const EVENT_LOG = `${DATA}/journeys_event_log.csv`;

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
  const aggregated = await readPathTable(store, PATH_TABLE);
  assert.equal(aggregated.channels.length, 12);
  assert.equal(aggregated.totalConversions, 19785);
  const shuffled = await readPathTable(store, shuffledCopy(PATH_TABLE, "paths-shuffled.csv"));
  for (const markovOrder of [1, 2, 3, 4]) {
    const report = computeAttribution(aggregated, { markovOrder });
    assert.equal(report.models.length, 8);
    assertCreditsSumToTotals(report);
    assertSameReport(computeAttribution(await readPathTable(store, PATH_TABLE), { markovOrder }), report);
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
  const aggregated = await readEventLog(store, EVENT_LOG);
  assert.equal(aggregated.totalConversions + aggregated.unattributedConversions, 1838);
  const report = computeAttribution(aggregated, { markovOrder: "auto" });
  assertCreditsSumToTotals(report);
  const timeDecay = report.models.find((m) => m.model === "time_decay")!;
  assert.equal(timeDecay.note, undefined, "event logs have times");
  const shuffled = await readEventLog(store, shuffledCopy(EVENT_LOG, "events-shuffled.csv"));
  assertSameReport(computeAttribution(shuffled, { markovOrder: "auto" }), report);
});
