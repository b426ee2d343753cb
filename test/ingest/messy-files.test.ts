import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ImportError, MAX_PROBLEMS_SHOWN } from "../../src/ingest/import-error.js";
import { dependencyOrder } from "../../src/ingest/import-file.js";
import { COST_HEADER } from "../helpers.js";
import { fixture, openSession, type Session } from "./helpers.js";

/** Real exports as people's copies of them come: re-saved, translated, cut short. */
const messy = (name: string) =>
  join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "messy", name);

const dir = mkdtempSync(join(tmpdir(), "socialroi-messy-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function refusal(session: Session, path: string): Promise<ImportError> {
  try {
    await session.importPath(path);
  } catch (error) {
    assert.ok(error instanceof ImportError, String(error));
    return error;
  }
  assert.fail(`${path} was imported`);
}

/** The data rows of a CSV fixture, split on its delimiter (the fixtures quote no delimiter). */
function fixtureRows(path: string, delimiter: string): string[][] {
  const [, ...rows] = readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  return rows.map((row) => row.split(delimiter));
}

for (const [file, delimiter] of [
  ["tweet_activity_metrics_acme_20180901_20181031_fr.csv", ";"],
  ["tweet_activity_metrics_acme_20180901_20181031_us.csv", ","],
] as const) {
  test(`day-first and month-first date-times of an Excel re-save are read (${file})`, async () => {
    const session = await openSession();
    await session.importPath(messy(file));
    // Excel drops X's `+0000`: the time is read as the workspace's local time, as the user sees it.
    const stored = await session.store.all<{ post_id: string; published: string; impressions: number }>(
      `SELECT post_id, strftime(timezone($tz, published_at), '%Y-%m-%d %H:%M') AS published, impressions
       FROM posts ORDER BY published`,
      { tz: session.workspace.timezone },
    );
    assert.deepEqual(stored, [
      { post_id: "1045776381279129600", published: "2018-09-28 21:57", impressions: 3423 },
      { post_id: "1047000000000000001", published: "2018-10-02 08:05", impressions: 1000 },
    ]);
    const impressions = fixtureRows(messy(file), delimiter).reduce((sum, row) => sum + Number(row[4]), 0);
    assert.equal(
      stored.reduce((sum, row) => sum + row.impressions, 0),
      impressions,
    );
  });
}

test("TikTok days with Spanish month names take the year of the export's date range", async () => {
  const session = await openSession();
  await session.importPath(messy("Overview_2024-03-01_2024-03-10.csv"));
  assert.deepEqual(
    await session.rows("SELECT strftime(date, '%Y-%m-%d') AS d, impressions FROM account_days ORDER BY d"),
    [
      { d: "2024-03-08", impressions: 1200 },
      { d: "2024-03-09", impressions: 3400 },
    ],
  );
});

test("TikTok days with French, German, Dutch, Italian and Portuguese month names are read", async () => {
  const session = await openSession();
  await session.importPath(messy("FollowerHistory.csv"), { year: 2024 });
  assert.deepEqual(
    (
      await session.rows<{ d: string }>("SELECT strftime(date, '%Y-%m-%d') AS d FROM account_days ORDER BY d")
    ).map((r) => r.d),
    ["2024-02-28", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-05-05"],
  );
});

test("the English TikTok dates read as before", async () => {
  const session = await openSession();
  await session.importPath(fixture("Overview_2023-12-30_2024-01-05.csv"));
  assert.deepEqual(
    await session.rows("SELECT strftime(date, '%Y-%m-%d') AS d FROM account_days ORDER BY d"),
    [{ d: "2023-12-30" }, { d: "2024-01-02" }],
  );
});

test("a file cut inside a quoted field is recognised and said to be cut, not an unknown header", async () => {
  const error = await refusal(await openSession(), messy("ga4-cut-in-quote.csv"));
  assert.equal(error.problems.length, 1);
  assert.equal(error.problems[0]?.row, 2);
  assert.match(error.message, /ends inside a quoted field/);
  assert.equal(error.problems[0]?.value, '"google / organic","20240301","300","2');
  assert.doesNotMatch(error.message, /header socialroi recognises|Invalid Input|strict_mode|CSV Error/);
});

test("a file cut inside a character names its line, without DuckDB's wording", async () => {
  const error = await refusal(await openSession(), messy("costs-cut-in-character.csv"));
  assert.equal(error.problems[0]?.row, 2);
  assert.match(error.message, /UTF-8/);
  assert.doesNotMatch(error.message, /Invalid Input|Possible Solution|ignore_errors|CSV Error/);
});

test("a GA4 report without its Date dimension is refused in one line that says to add it", async () => {
  const error = await refusal(await openSession(), messy("ga4-no-date.csv"));
  assert.equal(error.problems.length, 1);
  assert.match(error.message, /add the Date dimension/);
});

test("a missing rate is told once per currency, with the rows it concerns", async () => {
  const session = await openSession();
  const rows = Array.from(
    { length: 30 },
    (_, i) => `2026-03-${String(i + 1).padStart(2, "0")},,ads,10,USD,,,,`,
  );
  const rowsInGbp = ["2026-03-05,,ads,10,GBP,,,,"];
  const error = await refusal(
    session,
    write("costs-usd.csv", [COST_HEADER, ...rows, ...rowsInGbp].join("\n")),
  );
  assert.deepEqual(
    error.problems.map((p) => [p.row, p.alsoInRows, p.value]),
    [
      [1, 29, "USD"],
      [31, 0, "GBP"],
    ],
  );
  assert.match(error.message, /row 1 and 29 more rows, column "currency": found "USD"/);
  assert.match(error.message, /on or before 2026-03-01/);
});

test("one bad value repeated down a column is one problem; more than ten are counted", async () => {
  const session = await openSession();
  const sameBadCurrency = Array.from({ length: 40 }, () => "2026-03-01,,ads,10,euro,,,,");
  const distinctBadDates = Array.from({ length: 25 }, (_, i) => `day ${i},,ads,10,EUR,,,,`);
  const error = await refusal(
    session,
    write("costs-bad.csv", [COST_HEADER, ...sameBadCurrency, ...distinctBadDates].join("\n")),
  );
  assert.equal(error.problems.length, MAX_PROBLEMS_SHOWN);
  assert.deepEqual(
    [
      error.problems[0]?.row,
      error.problems[0]?.alsoInRows,
      error.problems[0]?.column,
      error.problems[0]?.value,
    ],
    [1, 39, "currency", "euro"],
  );
  assert.equal(error.totalProblems, 26);
  assert.match(error.message, /… and 16 more problems/);
});

test("the files of one command are applied rates first, then value rules, then the rest as given", async () => {
  const session = await openSession();
  const costs = write("costs.csv", `${COST_HEADER}\n2026-03-01,,ads,100,USD,facebook,,,\n`);
  const posts = fixture("Table data.csv");
  const rules = write(
    "rules.csv",
    "outcome,unit_value,currency,valid_from,valid_to\nlead,10,USD,2026-03-01,\n",
  );
  const rates = write("rates.csv", "date,currency,rate_to_reporting\n2026-01-01,USD,0.9\n");
  const missing = join(dir, "missing.csv");
  const order = await dependencyOrder([costs, posts, rules, missing, rates], undefined, session.workspace);
  assert.deepEqual(order, [rates, rules, costs, posts, missing]);
  for (const path of order.slice(0, 3)) await session.importPath(path);
  assert.deepEqual(await session.rows("SELECT amount, currency FROM costs"), [
    { amount: 100, currency: "USD" },
  ]);
});

test("a file filling one table twice names each part: sales and refunds", async () => {
  const session = await openSession();
  const report = await session.importPath(fixture("unified_payments.csv"));
  assert.deepEqual(
    report.tables.map((t) => [t.table, t.label]),
    [
      ["conversions", "sales"],
      ["conversions", "refunds"],
    ],
  );
});
