import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { importUnits } from "../../src/ingest/spreadsheet.js";
import { makeSpreadsheets } from "../fixtures/native/make-spreadsheets.js";
import { openSession, snapshot } from "./helpers.js";

let dir = "";
let books: ReturnType<typeof makeSpreadsheets>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "socialroi-xlsx-test-"));
  books = makeSpreadsheets(dir);
});
after(() => rm(dir, { recursive: true, force: true }));

test("a LinkedIn content workbook is two units, each sheet filling its own table", async () => {
  const units = await importUnits(books.content);
  assert.deepEqual(units, [`${books.content}#Metrics`, `${books.content}#All posts`]);
  const session = await openSession();
  const metrics = await session.importPath(units[0] as string);
  const posts = await session.importPath(units[1] as string);
  assert.equal(metrics.format, "linkedin-content-metrics");
  assert.equal(metrics.file, "acme_content_1710500000000.xlsx#Metrics");
  assert.equal(posts.format, "linkedin-posts");
  assert.deepEqual(
    await session.rows(
      "SELECT strftime(date, '%Y-%m-%d') AS d, impressions, reach, engagements, account FROM account_days ORDER BY d",
    ),
    [
      { d: "2024-03-14", impressions: 2000, reach: 900, engagements: 88, account: "acme" },
      { d: "2024-03-15", impressions: -20, reach: 0, engagements: -2, account: "acme" },
    ],
  );
  assert.deepEqual(
    await session.rows(
      "SELECT post_id, strftime(published_at, '%Y-%m-%d') AS d, impressions, shares, link_clicks FROM posts",
    ),
    [{ post_id: "7174000000000000001", d: "2024-03-14", impressions: 1800, shares: 3, link_clicks: 45 }],
  );
  const state = await snapshot(session);
  await session.importPath(units[0] as string);
  await session.importPath(units[1] as string);
  assert.equal(await snapshot(session), state);
});

test("a workbook given without a sheet imports its first recognised sheet; unrecognised sheets are not units", async () => {
  assert.deepEqual(await importUnits(books.followers), [`${books.followers}#New followers`]);
  const session = await openSession();
  const report = await session.importPath(books.followers);
  assert.equal(report.format, "linkedin-followers");
  const [row] = await session.rows<{ extra: string }>("SELECT extra FROM account_days");
  assert.equal(JSON.parse(row?.extra ?? "{}")["Organic followers"], "12");
});

test("a .xlsx visitors workbook fills profile visits", async () => {
  const session = await openSession();
  const report = await session.importPath(books.visitors, { format: "linkedin-visitors" });
  assert.equal(report.format, "linkedin-visitors");
  assert.deepEqual(await session.rows("SELECT profile_visits FROM account_days"), [{ profile_visits: 28 }]);
});

test("a sheet name the workbook lacks is a clear ImportError", async () => {
  const session = await openSession();
  await assert.rejects(
    session.importPath(`${books.content}#Nope`),
    /a sheet of the workbook: Metrics, All posts/,
  );
});
