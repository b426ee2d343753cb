import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { ImportError } from "../../src/ingest/import-error.js";
import { openSession, SHARED_DATA } from "./helpers.js";

const X_DIR = join(SHARED_DATA, "x-analytics-ropensci");
const UCI_FILE = join(SHARED_DATA, "uci-facebook-metrics", "dataset_Facebook.csv");

interface MonthSums {
  impressions: number;
  engagements: number;
  urlClicks: number;
}

/** The files' own monthly sums, computed without socialroi's importer. */
function fileSums(files: string[]): Map<string, MonthSums> {
  const sums = new Map<string, MonthSums>();
  for (const file of files) {
    const records = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
    for (const r of records) {
      const month = (r["time"] ?? "").slice(0, 7);
      const s = sums.get(month) ?? { impressions: 0, engagements: 0, urlClicks: 0 };
      s.impressions += Number(r["impressions"]);
      s.engagements += Number(r["engagements"]);
      s.urlClicks += Number(r["url clicks"]);
      sums.set(month, s);
    }
  }
  return sums;
}

test("rOpenSci X exports: monthly sums and engagement rates match the files", async (t) => {
  if (!existsSync(X_DIR)) return t.skip(`${X_DIR} absent`);
  const files = readdirSync(X_DIR)
    .filter((f) => f.startsWith("tweet_activity_metrics_"))
    .map((f) => join(X_DIR, f));
  assert.equal(files.length, 24);
  const session = await openSession();
  for (const file of files) {
    const report = await session.importPath(file);
    assert.equal(report.format, "x-tweet-activity");
  }
  const stored = await session.rows<{
    month: string;
    impressions: number;
    engagements: number;
    url_clicks: number;
  }>(
    `SELECT strftime(published_at, '%Y-%m') AS month, sum(impressions)::DOUBLE AS impressions,
       sum(engagements)::DOUBLE AS engagements, sum(link_clicks)::DOUBLE AS url_clicks
     FROM posts WHERE network = 'x' GROUP BY month ORDER BY month`,
  );
  const expected = fileSums(files);
  assert.equal(stored.length, expected.size);
  for (const row of stored) {
    assert.deepEqual(
      { impressions: row.impressions, engagements: row.engagements, urlClicks: row.url_clicks },
      expected.get(row.month),
      row.month,
    );
  }
  const rates = await session.rows<{ n: number; off: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE abs(engagements / impressions - CAST(extra ->> '$."engagement rate"' AS DOUBLE)) > 1e-9) AS off
     FROM posts WHERE impressions > 0`,
  );
  assert.ok((rates[0]?.n ?? 0) > 0);
  assert.equal(rates[0]?.off, 0);
});

test("UCI Facebook metrics: refused without --year, 500 typed posts with one", async (t) => {
  if (!existsSync(UCI_FILE)) return t.skip(`${UCI_FILE} absent`);
  const session = await openSession();
  await assert.rejects(session.importPath(UCI_FILE), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.match(error.message, /--year/);
    return true;
  });
  assert.deepEqual(await session.rows("SELECT count(*) AS n FROM posts"), [{ n: 0 }]);
  const report = await session.importPath(UCI_FILE, { year: 2014 });
  assert.equal(report.format, "facebook-insights-legacy");
  assert.deepEqual(
    report.tables.map((t) => t.inserted),
    [500],
  );
  assert.deepEqual(
    await session.rows("SELECT type, count(*)::INTEGER AS n FROM posts GROUP BY type ORDER BY n DESC"),
    [
      { type: "photo", n: 426 },
      { type: "status", n: 45 },
      { type: "link", n: 22 },
      { type: "video", n: 7 },
    ],
  );
  assert.deepEqual(
    await session.rows("SELECT count(*) FILTER (WHERE year(published_at) <> 2014)::INTEGER AS n FROM posts"),
    [{ n: 0 }],
  );
  const again = await session.importPath(UCI_FILE, { year: 2014 });
  assert.deepEqual(
    again.tables.map((t) => t.unchanged),
    [500],
  );
});
