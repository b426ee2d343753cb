import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readTableFile } from "../../src/ingest/read-table-file.js";
import { liftTestsFromTable } from "../../src/mmm/lift-tests.js";
import { MmmFileError, seriesFromTable } from "../../src/mmm/read-series.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => join(FIXTURES, name);

const dir = mkdtempSync(join(tmpdir(), "socialroi-mmm-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MmmFileError, String(error));
    return error.message;
  }
  assert.fail("the file was not refused");
}

test("a series re-saved by a European Excel (BOM, ;, dd/mm/yyyy, decimal commas, CRLF, an emptied row) reads as the plain one", async () => {
  const european = await readTableFile(fixture("weekly-european.csv"));
  assert.equal(european.delimiter, ";");
  assert.deepEqual(european.style, { decimal: ",", dates: "dmy" });
  const series = seriesFromTable(european);
  assert.deepEqual(series, seriesFromTable(await readTableFile(fixture("weekly.csv"))));
  assert.equal(series.dates[0], "2023-01-02");
  assert.equal(series.kpi[0], 146992.86);
  assert.deepEqual(
    series.channels.map((c) => c.name),
    ["channel_1", "channel_2"],
  );
  assert.deepEqual(
    series.controls.map((c) => c.name),
    ["promotion"],
  );
});

test("a European series' problems are told by the file's own line numbers, in its own date and number style", async () => {
  const table = await readTableFile(fixture("weekly-european-bad.csv"));
  const text = refusal(() => seriesFromTable(table));
  assert.match(
    text,
    /weekly-european-bad\.csv, line 4, column "date": found "31\/02\/2023"; expected a date dd\/mm\/yyyy/,
  );
  assert.match(
    text,
    /weekly-european-bad\.csv, line 6, column "kpi": found "beaucoup"; expected a number such as 1234,56/,
  );
  assert.match(
    text,
    /weekly-european-bad\.csv, line 8, column "spend_channel_1": found "-5,00"; expected an amount from 0 to/,
  );
  assert.equal(text.split("\n").length, 3, text);
});

test("the header is line 1, or the line it is on below a sep= line and titles", async () => {
  const file = join(dir, "titled.csv");
  writeFileSync(file, "sep=;\nExport of 2026-03-01\nday;sales\n01/03/2026;3\n");
  const table = await readTableFile(file);
  assert.match(
    refusal(() => seriesFromTable(table)),
    /titled\.csv, line 3: found "day;sales"; expected a header date,kpi,spend_<channel>/,
  );
  writeFileSync(file, "date,kpi\n2026-03-02,3\n");
  const plain = await readTableFile(file);
  assert.match(
    refusal(() => seriesFromTable(plain)),
    /titled\.csv, line 1: found "date,kpi"/,
  );
});

test("a European lift file is read; a plain one's problems name their lines", async () => {
  assert.deepEqual(liftTestsFromTable(await readTableFile(fixture("lift-european.csv"))), [
    {
      channel: "channel_1",
      start: "2023-03-06",
      end: "2023-05-28",
      incremental: 12500.5,
      low: 8000,
      high: 17000.75,
    },
  ]);
  const file = join(dir, "lift.csv");
  writeFileSync(
    file,
    "channel,start,end,incremental,low,high\nfacebook,2026-03-29,2026-03-02,1200,800,1600\n,2026-03-02,2026-03-29,900,1000,1600\n",
  );
  const table = await readTableFile(file);
  const text = refusal(() => liftTestsFromTable(table));
  assert.match(text, /line 2, column "end": found "2026-03-02"; expected a day from the start, 2026-03-29/);
  assert.match(text, /line 3, column "channel": found ""; expected a channel's name/);
  assert.match(text, /line 3: found "900, 1000, 1600"; expected low ≤ incremental ≤ high/);
});
