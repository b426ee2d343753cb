import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parse } from "csv-parse/sync";
import { ImportError } from "../../src/ingest/import-error.js";
import { fixture, openSession, type Session, SHARED_DATA } from "./helpers.js";

/** The copies users make of their exports (renamed, re-saved in Excel, imported in any order) must store what the originals store. */

const dir = await mkdtemp(join(tmpdir(), "socialroi-mess-"));
after(() => rm(dir, { recursive: true, force: true }));

function csvLine(cells: (string | number)[]): string {
  return cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : c)).join(",");
}

async function write(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

const DAYS = Array.from({ length: 31 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")}`);
const usDay = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** X's daily export over January, in its own column order. */
const X_DAILY_HEADER =
  "Date,Tweets published,impressions,engagements,engagement rate,retweets,replies,likes,user profile clicks,url clicks,hashtag clicks,detail expands,permalink clicks,app opens,app installs,follows,email tweet,dial phone,media views,media engagements";
const xDaily = DAYS.map((d, i) => {
  const impressions = 800 + ((i * 137) % 900);
  const engagements = 10 + ((i * 7) % 40);
  return csvLine([
    d,
    i % 3,
    impressions,
    engagements,
    (engagements / impressions).toFixed(4),
    1,
    1,
    5,
    i % 4,
    2,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
});

/** LinkedIn page analytics over the same days: content (daily metrics) and new followers. */
const LINKEDIN_CONTENT_HEADER =
  "Date,Impressions (organic),Impressions (sponsored),Impressions (total),Unique impressions (organic),Clicks (organic),Clicks (sponsored),Clicks (total),Reactions (organic),Reactions (sponsored),Reactions (total),Comments (organic),Comments (sponsored),Comments (total),Reposts (organic),Reposts (sponsored),Reposts (total),Engagement rate (organic),Engagement rate (sponsored),Engagement rate (total)";
const linkedinContent = DAYS.map((d, i) => {
  const impressions = 300 + ((i * 53) % 400);
  return csvLine([
    usDay(d),
    impressions,
    0,
    impressions,
    Math.round(impressions * 0.7),
    i % 9,
    0,
    i % 9,
    i % 5,
    0,
    i % 5,
    i % 2,
    0,
    i % 2,
    0,
    0,
    0,
    0.05,
    0,
    0.05,
  ]);
});
const LINKEDIN_FOLLOWERS_HEADER =
  "Date,Sponsored followers,Organic followers,Auto-invited followers,Total followers";
const linkedinFollowers = DAYS.map((d, i) =>
  csvLine([usDay(d), i % 2, 3 + (i % 6), 0, 3 + (i % 6) + (i % 2)]),
);

/** Sum of a column of CSV data lines (in the fixture's own text, not through socialroi). */
function columnSum(header: string, lines: string[], column: string): number {
  const index = header.split(",").indexOf(column);
  return lines.reduce((sum, line) => sum + Number(line.split(",")[index]), 0);
}

async function accountDays(session: Session) {
  const [row] = await session.rows<{ days: number; impressions: number; accounts: string }>(
    `SELECT count(*)::INTEGER AS days, sum(impressions)::INTEGER AS impressions, string_agg(DISTINCT coalesce(account, '(none)'), ',') AS accounts FROM account_days`,
  );
  return row;
}

for (const order of ["original first", "renamed first"] as const) {
  test(`x-daily-activity: a renamed copy stores each day once (${order})`, async () => {
    const original = await write("daily_tweet_activity_metrics_acme_20240101_20240201_en.csv", [
      X_DAILY_HEADER,
      ...xDaily,
    ]);
    const renamed = join(dir, "daily_export.csv");
    await copyFile(original, renamed);
    const session = await openSession();
    for (const path of order === "original first" ? [original, renamed] : [renamed, original])
      await session.importPath(path);
    assert.deepEqual(await accountDays(session), {
      days: DAYS.length,
      impressions: columnSum(X_DAILY_HEADER, xDaily, "impressions"),
      accounts: "acme",
    });
  });

  test(`linkedin-content-metrics: a renamed copy stores each day once (${order})`, async () => {
    const lines = [
      "Aggregated metrics for Acme, 01/01/2024 - 01/31/2024",
      LINKEDIN_CONTENT_HEADER,
      ...linkedinContent,
    ];
    const original = await write("acme_content_1706745600000.csv", lines);
    const renamed = await write("content.csv", lines);
    const session = await openSession();
    for (const path of order === "original first" ? [original, renamed] : [renamed, original])
      await session.importPath(path);
    assert.deepEqual(await accountDays(session), {
      days: DAYS.length,
      impressions: columnSum(LINKEDIN_CONTENT_HEADER, linkedinContent, "Impressions (total)"),
      accounts: "acme",
    });
  });
}

test("account days: a file naming no account is not merged into one of several accounts", async () => {
  const session = await openSession();
  await session.importPath(
    await write("daily_tweet_activity_metrics_acme_20240101_20240201_en.csv", [X_DAILY_HEADER, ...xDaily]),
  );
  await session.importPath(
    await write("daily_tweet_activity_metrics_beta_20240101_20240201_en.csv", [X_DAILY_HEADER, ...xDaily]),
  );
  const report = await session.importPath(await write("daily_export.csv", [X_DAILY_HEADER, ...xDaily]));
  assert.equal(report.tables[0]?.unchanged, DAYS.length);
  assert.deepEqual(await accountDays(session), {
    days: 2 * DAYS.length,
    impressions: 2 * columnSum(X_DAILY_HEADER, xDaily, "impressions"),
    accounts: "acme,beta",
  });
});

test("linkedin: new followers kept as raw data whatever the order of the content and followers files", async () => {
  const content = await write("acme_content_1706745600000.csv", [
    "Aggregated metrics for Acme, 01/01/2024 - 01/31/2024",
    LINKEDIN_CONTENT_HEADER,
    ...linkedinContent,
  ]);
  const followers = await write("acme_followers_1706745600000.csv", [
    LINKEDIN_FOLLOWERS_HEADER,
    ...linkedinFollowers,
  ]);
  const stored: unknown[] = [];
  for (const files of [
    [content, followers],
    [followers, content],
  ]) {
    const session = await openSession();
    await session.importPath(files[0]!);
    const second = await session.importPath(files[1]!);
    assert.equal(second.tables[0]?.updated, DAYS.length, `${files[1]} completes every stored day`);
    const rows = await session.rows<{ d: string; impressions: number; organic: string }>(
      `SELECT strftime(date, '%Y-%m-%d') AS d, impressions, extra ->> 'Organic followers' AS organic FROM account_days ORDER BY d`,
    );
    assert.equal(
      rows.reduce((s, r) => s + Number(r.organic), 0),
      columnSum(LINKEDIN_FOLLOWERS_HEADER, linkedinFollowers, "Organic followers"),
    );
    assert.equal(
      rows.reduce((s, r) => s + r.impressions, 0),
      columnSum(LINKEDIN_CONTENT_HEADER, linkedinContent, "Impressions (total)"),
    );
    stored.push(rows);
    const again = await session.importPath(followers);
    assert.equal(again.tables[0]?.unchanged, DAYS.length, "the same followers file again changes nothing");
  }
  assert.deepEqual(stored[0], stored[1]);
});

/** The per-tweet export as Excel writes it back: every id rounded to 15 digits in scientific notation. */
async function excelResave(
  source: string,
  name: string,
  keepPermalink: boolean,
): Promise<{ path: string; ids: string[]; impressions: number }> {
  const [header = [], ...rows] = parse(await readFile(source), { bom: true }) as string[][];
  const id = header.indexOf("Tweet id");
  const permalink = header.indexOf("Tweet permalink");
  const keep = (cells: string[]) => cells.filter((_, i) => keepPermalink || i !== permalink);
  const rounded = (value: string) =>
    Number(value)
      .toExponential(14)
      .replace(/\.?0+e/, "e")
      .toUpperCase();
  const lines = [
    csvLine(keep(header)),
    ...rows.map((r) => csvLine(keep(r.map((c, i) => (i === id ? rounded(c) : c))))),
  ];
  const impressions = header.indexOf("impressions");
  return {
    path: await write(name, lines),
    ids: rows.map((r) => r[id]!),
    impressions: rows.reduce((sum, r) => sum + Number(r[impressions]), 0),
  };
}

for (const order of ["mangled first", "original first"] as const) {
  test(`x-tweet-activity: an Excel re-save takes each id from its permalink (${order})`, async () => {
    const original = fixture("tweet_activity_metrics_acme_20240101_20240201_en.csv");
    const mangled = await excelResave(
      original,
      "tweet_activity_metrics_acme_20240101_20240201_en (excel).csv",
      true,
    );
    assert.match(await readFile(mangled.path, "utf8"), /1\.75E\+18/);
    const session = await openSession();
    for (const path of order === "mangled first" ? [mangled.path, original] : [original, mangled.path])
      await session.importPath(path);
    const posts = await session.rows<{ post_id: string }>("SELECT post_id FROM posts ORDER BY post_id");
    assert.deepEqual(
      posts.map((p) => p.post_id),
      [...mangled.ids].sort(),
    );
  });
}

test("x-tweet-activity: a rounded id without a permalink is refused, naming file, row, column and value", async () => {
  const mangled = await excelResave(
    fixture("tweet_activity_metrics_acme_20240101_20240201_en.csv"),
    "tweet_activity_metrics_acme_20240101_20240201_en (no link).csv",
    false,
  );
  const session = await openSession();
  await assert.rejects(session.importPath(mangled.path), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.match(
      error.message,
      /\(no link\)\.csv, row 1 and 2 more rows, column "Tweet id": found "1\.75E\+18"; .*re-export the file or open it as text: Excel rounded this id/,
    );
    return true;
  });
  assert.deepEqual(await session.rows("SELECT post_id FROM posts"), []);
});

const ROPENSCI = join(
  SHARED_DATA,
  "x-analytics-ropensci",
  "tweet_activity_metrics_rOpenSci_20190301_20190401_en.csv",
);

test("x-tweet-activity: a real export re-saved in Excel, then the original, stores each tweet once", {
  skip: !existsSync(ROPENSCI) && "../shared/data is not present",
}, async () => {
  const mangled = await excelResave(ROPENSCI, "tweet_activity_metrics_rOpenSci_excel.csv", true);
  const session = await openSession();
  await session.importPath(mangled.path);
  await session.importPath(ROPENSCI);
  const [stored] = await session.rows<{ posts: number; impressions: number }>(
    "SELECT count(*)::INTEGER AS posts, sum(impressions)::INTEGER AS impressions FROM posts",
  );
  assert.deepEqual(stored, { posts: new Set(mangled.ids).size, impressions: mangled.impressions });
});
