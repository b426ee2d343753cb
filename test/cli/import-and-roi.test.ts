import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CONVERSION_HEADER, COST_HEADER, POST_HEADER } from "../helpers.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "socialroi-cli-"));
const db = join(dir, "test.duckdb");
const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const roiJson = () =>
  JSON.parse(runCli(["roi", "--from", "2026-03-01", "--to", "2026-03-31", "--db", db, "--json"]).stdout);

before(() => {
  assert.equal(runCli(["init", "--currency", "EUR", "--name", "Acme", "--db", db]).status, 0);
  const files = [
    write(
      "posts.csv",
      `${POST_HEADER}\nf1,facebook,2026-03-02T10:00:00Z,photo,"Hello, world",spring,2000,1500,100,80,10,10,40\nl1,linkedin,2026-03-03T10:00:00Z,link,,spring,1000,800,50,40,5,5,20\n`,
    ),
    write(
      "costs.csv",
      `${COST_HEADER}\n2026-03-01,2026-03-31,ads,310,EUR,facebook,spring,,\n2026-03-10,,team,300,EUR,,,,\n`,
    ),
    write(
      "conversions.csv",
      `${CONVERSION_HEADER}\no1,2026-03-05T10:00:00Z,sale,400,EUR,facebook,spring,c1,\nl1,2026-03-04T10:00:00Z,lead,,,linkedin,spring,c2,\n`,
    ),
    write("rules.csv", "outcome,unit_value,currency,valid_from,valid_to\nlead,10,EUR,,\n"),
  ];
  const result = runCli(["import", ...files, "--db", db]);
  assert.equal(result.status, 0, result.stderr);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("roi --json carries the contract's fields, worked out by hand", () => {
  const report = roiJson();
  const byKey = Object.fromEntries(report.rows.map((r: { key: string }) => [r.key, r]));
  // The team cost (300, shared) goes by share of posts: 150 each.
  assert.deepEqual(
    {
      cost: byKey.facebook.cost,
      revenue: byKey.facebook.revenue,
      revenue_roi: byKey.facebook.revenue_roi,
      roas: byKey.facebook.roas,
    },
    { cost: 460, revenue: 400, revenue_roi: (400 - 460) / 460, roas: 400 / 310 },
  );
  assert.deepEqual(
    {
      cost: byKey.linkedin.cost,
      assigned: byKey.linkedin.assigned_value,
      total_roi: byKey.linkedin.total_roi,
      leads: byKey.linkedin.leads,
    },
    { cost: 150, assigned: 10, total_roi: (10 - 150) / 150, leads: 1 },
  );
  assert.equal(byKey.linkedin.roas, null);
  for (const field of [
    "key",
    "cost",
    "revenue",
    "assigned_value",
    "value",
    "revenue_roi",
    "total_roi",
    "roas",
    "leads",
    "customers",
    "clicks",
    "impressions",
  ]) {
    assert.ok(field in report.total, `total lacks ${field}`);
    assert.ok(field in report.rows[0], `rows lack ${field}`);
  }
  assert.equal(report.total.cost, 610);
  assert.equal(report.total.clicks, 60);
  assert.equal(report.total.impressions, 3000);
});

test("every example file imports, and importing them again changes nothing", () => {
  const exampleDb = join(dir, "examples.duckdb");
  const files = [
    "currency_rates.csv",
    "posts.csv",
    "account_days.csv",
    "costs.csv",
    "costs-fr.csv",
    "conversions.csv",
    "conversions.jsonl",
    "touchpoints.csv",
    "traffic.csv",
    "value_rules.csv",
    "goals.csv",
    "keyword_cpcs.csv",
  ].map((f) => join(examples, f));
  const first = runCli(["import", ...files, "--db", exampleDb, "--json"]);
  assert.equal(first.status, 0, first.stderr);
  const second = JSON.parse(runCli(["import", ...files, "--db", exampleDb, "--json"]).stdout);
  for (const file of second.files)
    for (const table of file.tables) assert.equal(table.inserted + table.updated, 0, `${file.file} changed`);
  const costs = JSON.parse(
    runCli(["costs", "--from", "2026-03-01", "--to", "2026-03-31", "--db", exampleDb, "--json"]).stdout,
  );
  const ads = costs.categories.find((c: { category: string }) => c.category === "ads");
  // 500 (examples/costs.csv) + 1 234,56 written the French way (examples/costs-fr.csv).
  assert.equal(ads.amount, 1734.56);
  const attribution = runCli([
    "attribution",
    "--from",
    "2026-03-01",
    "--to",
    "2026-03-31",
    "--db",
    exampleDb,
    "--json",
  ]);
  assert.equal(attribution.status, 0, attribution.stderr);
  const models = JSON.parse(attribution.stdout).models.map((m: { model: string }) => m.model);
  assert.deepEqual(models, [
    "first_touch",
    "last_touch",
    "last_non_direct",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
  ]);
  const roi = runCli([
    "roi",
    "--from",
    "2026-03-01",
    "--to",
    "2026-03-31",
    "--model",
    "first_touch",
    "--db",
    exampleDb,
    "--json",
  ]);
  assert.equal(JSON.parse(roi.stdout).revenue_attribution.model, "first_touch");
  const wrong = runCli(["roi", "--by", "month", "--model", "linear", "--db", exampleDb]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /--by network or --by campaign/);
});

const BAD_INPUTS: [string, string, RegExp][] = [
  ["wrong-header.csv", "foo,bar\n1,2\n", /header socialroi recognises/],
  [
    "bad-number.csv",
    `${COST_HEADER}\n2026-03-01,,ads,12x,EUR,x,,,\n`,
    /row 1, column "amount": found "12x"; expected a number/,
  ],
  [
    "bad-date.csv",
    `${COST_HEADER}\n2026-03-01,,ads,12,EUR,x,,,\n2026-13-45,,ads,12,EUR,x,,,\n`,
    /row 2, column "date": found "2026-13-45"; expected a date/,
  ],
  [
    "no-rate.csv",
    `${COST_HEADER}\n2026-03-01,,ads,12,GBP,x,,,\n`,
    /column "currency": found "GBP"; expected a currency with a rate to EUR on or before 2026-03-01/,
  ],
  ["empty.csv", "", /empty/],
  ["header-only.csv", `${COST_HEADER}\n`, /at least one row/],
  [
    "bad-category.csv",
    `${COST_HEADER}\n2026-03-01,,coffee,12,EUR,x,,,\n`,
    /column "category": found "coffee"; expected one of ads, tools/,
  ],
  ["ragged.csv", `${COST_HEADER}\n2026-03-01,,ads,12,EUR\n`, /row 1.*expected 9 fields/],
];

for (const [name, content, message] of BAD_INPUTS) {
  test(`bad input (${name}): a clear error, non-zero exit, database unchanged`, () => {
    const before = roiJson();
    const good = `${COST_HEADER}\n2026-03-20,,tools,99,EUR,x,,,\n`;
    // A good file in the same command is imported; the bad one is refused whole.
    const result = runCli(["import", write(name, content), "--db", db]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, message);
    assert.match(result.stderr, new RegExp(name.replace(".", "\\.")));
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(roiJson(), before);
    assert.ok(good);
  });
}

test("a file with good and bad rows imports nothing", () => {
  const before = roiJson();
  const path = write(
    "mixed.csv",
    `${COST_HEADER}\n2026-03-02,,tools,50,EUR,x,,,\n2026-03-03,,tools,fifty,EUR,x,,,\n`,
  );
  const result = runCli(["import", path, "--db", db, "--json"]);
  assert.equal(result.status, 1);
  assert.match(JSON.parse(result.stderr.trim().split("\n").at(-1) ?? "{}").error, /row 2, column "amount"/);
  assert.deepEqual(roiJson(), before);
  assert.ok(readFileSync(path, "utf8").includes("fifty"));
});

test("--dry-run counts without writing", () => {
  const before = roiJson();
  const path = write("dry.csv", `${COST_HEADER}\n2026-03-25,,tools,70,EUR,x,,,\n`);
  const result = JSON.parse(runCli(["import", path, "--dry-run", "--db", db, "--json"]).stdout);
  assert.equal(result.files[0].tables[0].inserted, 1);
  assert.deepEqual(roiJson(), before);
});

test("one command takes its files in any order: the rates are applied before the costs that need them", () => {
  const usdDb = join(dir, "usd.duckdb");
  assert.equal(runCli(["init", "--currency", "USD", "--name", "Acme US", "--db", usdDb]).status, 0);
  const costs = write("eur-costs.csv", `${COST_HEADER}\n2026-03-02,,ads,100,EUR,facebook,spring,,\n`);
  const rates = write("eur-rates.csv", "date,currency,rate_to_reporting\n2026-03-01,EUR,1.1\n");
  const result = runCli(["import", costs, rates, "--db", usdDb]);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(result.stdout.indexOf("eur-rates.csv") < result.stdout.indexOf("eur-costs.csv"), result.stdout);
  assert.match(result.stdout, /^ {2}currency rates: 1 new/m);
  assert.match(result.stdout, /^ {2}costs: 1 new/m);
});

test("the summary names a sales export's tables as sales and refunds", () => {
  const payments = fileURLToPath(new URL("../fixtures/native/unified_payments.csv", import.meta.url));
  const result = runCli(["import", payments, "--dry-run", "--db", db]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^ {2}sales: \d+ new/m);
  assert.match(result.stdout, /^ {2}refunds: \d+ new/m);
  assert.doesNotMatch(result.stdout, /^ {2}conversions:/m);
});
