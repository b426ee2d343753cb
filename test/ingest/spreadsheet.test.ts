import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as XLSX from "@e965/xlsx";
import ExcelJS from "exceljs";
import { csvSource, importUnits } from "../../src/ingest/spreadsheet.js";
import { runCli } from "../cli/run-cli.js";
import { makeSpreadsheets } from "../fixtures/native/make-spreadsheets.js";
import { openSession, snapshot } from "./helpers.js";

let dir = "";
let books: Awaited<ReturnType<typeof makeSpreadsheets>>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "socialroi-xlsx-test-"));
  books = await makeSpreadsheets(dir);
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

async function sheetCsv(unit: string): Promise<string> {
  const source = await csvSource(unit);
  try {
    return await readFile(source.path, "utf8");
  } finally {
    await source.cleanup();
  }
}

test("every kind of .xlsx cell reads as the text a CSV export of it shows", async () => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Cells");
  sheet.mergeCells("A1:D1");
  sheet.getCell("A1").value = "Description, merged";
  sheet.addRow(["Date", "Time", "Formula", "Rich", "Link", "Error", "Bool", "Number", "Quoted"]);
  sheet.addRow([
    new Date("2024-03-14T00:00:00Z"),
    new Date("2024-03-14T13:05:09Z"),
    { formula: "1+2", result: 3 },
    { richText: [{ text: "bold ", font: { bold: true } }, { text: "plain" }] },
    { text: "site", hyperlink: "https://example.com" },
    { error: "#N/A" },
    true,
    0.1 + 0.2,
    'say "hi"\nnext',
  ]);
  sheet.addRow([
    "",
    null,
    { formula: "A3", result: new Date("2024-03-15T00:00:00Z") },
    { formula: '"x"', result: "x" },
    { formula: "1/0", result: { error: "#DIV/0!" } },
  ]);
  sheet.mergeCells("A6:B7");
  sheet.getCell("A6").value = "merged block";
  sheet.getCell("A9").value = new Date("1999-12-31T23:59:59Z");
  sheet.getCell("B9").value = 1e21;
  const offset = book.addWorksheet("Offset");
  offset.getCell("C3").value = "h1";
  offset.getCell("D3").value = "h2";
  offset.getCell("E5").value = "far";
  const path = join(dir, "cells.xlsx");
  await book.xlsx.writeFile(path);
  assert.equal(
    await sheetCsv(`${path}#Cells`),
    [
      '"Description, merged"',
      "Date,Time,Formula,Rich,Link,Error,Bool,Number,Quoted",
      '2024-03-14,2024-03-14 13:05:09,3,bold plain,site,#N/A,TRUE,0.30000000000000004,"say ""hi""\nnext"',
      ",,2024-03-15,x,#DIV/0!",
      "merged block",
      "1999-12-31 23:59:59,1e+21",
    ].join("\n"),
  );
  // Like a CSV export, the sheet starts at its leftmost column with data.
  assert.equal(await sheetCsv(`${path}#Offset`), "h1,h2\n,,far");
});

test("every kind of legacy .xls cell reads as the text a CSV export of it shows", async () => {
  const sheet = XLSX.utils.aoa_to_sheet(
    [
      ["Description, merged"],
      ["Date", "Time", "Formula", "Error", "Bool", "Number"],
      [new Date("2024-03-14T00:00:00Z"), new Date("2024-03-14T13:05:09Z"), 0, 0, false, 0.1 + 0.2],
    ],
    { UTC: true },
  );
  sheet.C3 = { t: "n", v: 3, f: "1+2" };
  sheet.D3 = { t: "e", v: 0x2a };
  sheet["!merges"] = [XLSX.utils.decode_range("A1:D1")];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "Cells");
  const path = join(dir, "cells.xls");
  await writeFile(path, XLSX.write(book, { type: "buffer", bookType: "biff8" }));
  assert.equal(
    await sheetCsv(path),
    [
      '"Description, merged"',
      "Date,Time,Formula,Error,Bool,Number",
      "2024-03-14,2024-03-14 13:05:09,3,#N/A,FALSE,0.30000000000000004",
    ].join("\n"),
  );
});

test("the built command line reads workbooks too", () => {
  const db = join(dir, "cli.duckdb");
  assert.equal(runCli(["init", "--db", db]).status, 0);
  const result = runCli(["import", books.content, books.followers, "--db", db, "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const files = JSON.parse(result.stdout).files.map((f: { file: string; format: string }) => [
    f.file,
    f.format,
  ]);
  assert.deepEqual(files, [
    ["acme_content_1710500000000.xlsx#Metrics", "linkedin-content-metrics"],
    ["acme_content_1710500000000.xlsx#All posts", "linkedin-posts"],
    ["acme_followers_1710500000000.xls#New followers", "linkedin-followers"],
  ]);
});
