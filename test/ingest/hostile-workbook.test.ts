import assert from "node:assert/strict";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { deflateRawSync, constants as zlib } from "node:zlib";
import JSZip from "jszip";
import { ImportError } from "../../src/ingest/import-error.js";
import { csvSource, WORKBOOK_LIMITS, type WorkbookLimits } from "../../src/ingest/spreadsheet.js";
import { makeSpreadsheets } from "../fixtures/native/make-spreadsheets.js";
import { startServer } from "../tracking/helpers.js";
import { openSession } from "./helpers.js";

let dir = "";
let books: Awaited<ReturnType<typeof makeSpreadsheets>>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "socialroi-hostile-test-"));
  // Temporary files go to a folder of this test's own, where any left behind shows.
  process.env.TMPDIR = dir;
  books = await makeSpreadsheets(dir);
});
after(() => rm(dir, { recursive: true, force: true }));

afterEach(async () => {
  const left = (await readdir(dir)).filter((name) => name.startsWith("socialroi-sheet-"));
  assert.deepEqual(left, [], "temporary sheet CSVs are removed, whatever the import's outcome");
});

/**
 * A workbook parsed on the main thread stalls it for the whole parse: 7 s for the CVE-2024-22363 file
 * with xlsx 0.18.5. A busy 2-core machine delays a thread by a few hundred milliseconds by itself.
 */
const STALL_MS = 500;

interface MainThread {
  /** The longest the event loop went without running a 10 ms timer. */
  stall: number;
  /** How far the process's resident memory (the worker's included) rose above where it started. */
  growth: number;
}

/** What running `work` cost the main thread and the process. */
async function watch(work: () => Promise<unknown>): Promise<MainThread> {
  const rss = process.memoryUsage.rss();
  let last = performance.now();
  const seen = { stall: 0, growth: 0 };
  const timer = setInterval(() => {
    const now = performance.now();
    seen.stall = Math.max(seen.stall, now - last);
    seen.growth = Math.max(seen.growth, process.memoryUsage.rss() - rss);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return seen;
}

/** The ImportError that `work` fails with. */
async function importError(work: () => Promise<unknown>): Promise<ImportError> {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof ImportError, String(error));
    return error;
  }
  assert.fail("expected an ImportError");
}

/** The fixture's visitors workbook with comments on prototype keys: xlsx 0.18.5 set `Object.prototype.c` from it. */
async function commentedOnPrototypeKeys(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(books.visitors));
  const comments = ["__proto__", "constructor", "prototype"]
    .map((ref) => `<comment ref="${ref}" authorId="0"><text><t>polluted</t></text></comment>`)
    .join("");
  zip.file(
    "xl/comments1.xml",
    `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>x</author></authors><commentList>${comments}</commentList></comments>`,
  );
  zip.file(
    "xl/worksheets/_rels/sheet1.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>`,
  );
  const types = (await zip.file("[Content_Types].xml")?.async("string")) ?? "";
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      `<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>`,
    ),
  );
  await writeFile(path, await zip.generateAsync({ type: "nodebuffer" }));
  return path;
}

/** An OpenDocument sheet declaring `rows` rows of `columns` cells in under a kilobyte. */
async function declaredSize(path: string, rows: number, columns: number): Promise<string> {
  const zip = new JSZip();
  const office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"';
  zip.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet", { compression: "STORE" });
  zip.file(
    "META-INF/manifest.xml",
    `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
  );
  zip.file("styles.xml", `<office:document-styles ${office}/>`);
  zip.file(
    "content.xml",
    `<office:document-content ${office} xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Huge"><table:table-row table:number-rows-repeated="${rows}"><table:table-cell table:number-columns-repeated="${columns}" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
  );
  await writeFile(path, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return path;
}

const DEFLATED = 8;

/**
 * A zip whose one entry inflates to `mib` MiB of spaces from about a thousandth of that: the deflate
 * blocks of one MiB, flushed to a byte boundary, repeat. Its checksum is left at 0, as a reader
 * finds out only once it has inflated everything.
 */
function zipBomb(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(2 ** 20, " "), { finishFlush: zlib.Z_FULL_FLUSH });
  const data = Buffer.concat([...Array<Buffer>(mib).fill(block), deflateRawSync(Buffer.alloc(0))]);
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const sizes = (header: Buffer, at: number) => {
    header.writeUInt16LE(DEFLATED, at);
    header.writeUInt32LE(data.length, at + 10);
    header.writeUInt32LE(mib * 2 ** 20, at + 14);
    header.writeUInt16LE(name.length, at + 18);
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  sizes(local, 8);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  sizes(central, 10);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

test("CVE-2023-30533: comments on prototype keys pollute no prototype, and later imports work", async () => {
  const xlsx = await commentedOnPrototypeKeys(join(dir, "acme_visitors_commented.xlsx"));
  // Under an OpenDocument name the same bytes are read by SheetJS instead of exceljs.
  const ods = join(dir, "acme_visitors_commented.ods");
  await copyFile(xlsx, ods);
  const own = Object.getOwnPropertyNames(Object.prototype);
  const session = await openSession();
  for (const path of [xlsx, ods]) {
    await session.importPath(path).catch((error) => assert.ok(error instanceof ImportError, String(error)));
  }
  assert.equal({}.constructor, Object);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), own);
  for (const key of ["c", "t", "v", "h", "polluted"]) assert.equal(key in {}, false, key);
  for (const key in {}) assert.fail(`inherited key ${key}`);
  const next = await openSession();
  assert.equal((await next.importPath(books.visitors)).format, "linkedin-visitors");
  assert.deepEqual(await next.rows("SELECT profile_visits FROM account_days"), [{ profile_visits: 28 }]);
});

test("CVE-2024-22363: an .xls of 64,000 comment openers is read in time, the event loop free meanwhile", async () => {
  const path = join(dir, "comments.xls");
  await writeFile(path, "<!--".repeat(64_000));
  const session = await openSession();
  const started = performance.now();
  const { stall } = await watch(() =>
    session.importPath(path).catch((error) => assert.ok(error instanceof ImportError, String(error))),
  );
  assert.ok(performance.now() - started < WORKBOOK_LIMITS.seconds * 1000, "read within the time limit");
  assert.ok(stall < STALL_MS, `the event loop stalled ${Math.round(stall)} ms`);
});

for (const [limit, limits, message] of [
  ["memory", { ...WORKBOOK_LIMITS, memoryMb: 32 }, /could not be read within 32 MB of memory/],
  ["time", { ...WORKBOOK_LIMITS, seconds: 1 }, /could not be read within 1 s/],
] as [string, WorkbookLimits, RegExp][]) {
  test(`a workbook past the reader's ${limit} limit is a clear ImportError, the event loop free meanwhile`, async () => {
    const path = await declaredSize(join(dir, "huge.ods"), 2 ** 20, 2 ** 14);
    let error: ImportError | undefined;
    const { stall } = await watch(async () => {
      error = await importError(() => csvSource(path, limits));
    });
    assert.equal(error?.file, "huge.ods");
    assert.match(error?.message ?? "", message);
    assert.ok(stall < STALL_MS, `the event loop stalled ${Math.round(stall)} ms`);
  });
}

for (const name of ["bomb.xlsx", "bomb.ods"]) {
  test(`a zip bomb (${name}) is refused before it is inflated, in bounded memory`, async () => {
    const path = join(dir, name);
    await writeFile(path, zipBomb(2048));
    let error: ImportError | undefined;
    const started = performance.now();
    const { stall, growth } = await watch(async () => {
      error = await importError(() => csvSource(path));
    });
    assert.match(error?.message ?? "", /could not be read within 256 MB of memory/);
    assert.ok(performance.now() - started < WORKBOOK_LIMITS.seconds * 1000, "refused before the time limit");
    assert.ok(growth < 2 ** 30, `the process grew ${Math.round(growth / 2 ** 20)} MB`);
    assert.ok(stall < STALL_MS, `the event loop stalled ${Math.round(stall)} ms`);
  });
}

test("over HTTP, hostile uploads leave redirects answering and later requests working", async () => {
  const server = await startServer();
  try {
    const created = await server.api("/api/links", {
      method: "POST",
      body: { url: "https://shop.example/ebook", network: "linkedin", campaign: "launch" },
    });
    const { slug } = (await created.json()) as { slug: string };
    const upload = async (path: string) => {
      const response = await fetch(
        `${server.url}/api/imports?filename=${encodeURIComponent(basename(path))}`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${server.token}`, "content-type": "application/octet-stream" },
          body: await readFile(path),
        },
      );
      assert.ok([200, 400].includes(response.status), await response.text());
    };
    await upload(await commentedOnPrototypeKeys(join(dir, "acme_visitors_commented.xlsx")));
    // The first redirect loads what redirects need: it is not what is measured.
    assert.equal((await server.click(slug)).status, 302);
    // Seconds of parsing in the worker, for a one-column CSV that the main thread refuses at once.
    let done = false;
    const parsing = upload(await declaredSize(join(dir, "tall.ods"), 300_000, 1)).finally(() => {
      done = true;
    });
    let slowest = 0;
    while (!done) {
      const started = performance.now();
      assert.equal((await server.click(slug)).status, 302);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await parsing;
    assert.ok(slowest < STALL_MS, `a redirect took ${Math.round(slowest)} ms`);
    assert.equal({}.constructor, Object);
    assert.equal((await server.api("/api/roi")).status, 200);
  } finally {
    await server.close();
  }
});

test("an import refused after its sheet was converted leaves no temporary file", async () => {
  const session = await openSession();
  await importError(() => session.importPath(books.content, { format: "costs" }));
  await importError(() => session.importPath(`${books.content}#Nope`));
});
