import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDemo } from "../../src/demo/build-demo.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { trackRefund } from "../../src/tracking/refunds.js";
import { trackSale } from "../../src/tracking/track-sale.js";
import { CONVERSION_HEADER, POST_HEADER, trackingDeps } from "../helpers.js";
import { launchChromium, browserTestsSkipped as skip } from "./chromium.js";

const SHOTS = join(import.meta.dirname, "../../tmp/screenshots");
// Headless Chromium names itself HeadlessChrome, which the click counter rightly takes for a bot.
const PERSON =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const PAGES = [
  "/",
  "/networks",
  "/campaigns",
  "/posts",
  "/costs",
  "/value-rules",
  "/attribution",
  "/mmm",
  "/insights",
  "/goals",
  "/links",
  "/imports",
  "/reports",
  "/settings",
];
/** Pages that only compute from the demo's data: an empty table there means the engine answered nothing. */
const TABLE_PAGES = new Set(["/attribution", "/mmm", "/insights"]);

let browser: Browser;
let base: string;
let close: () => Promise<void>;
let recordTracked: () => Promise<unknown>;
let files: string;
// One browsing context for the whole run, like one person's browser: one session, one start-up.
let context: BrowserContext | undefined;
const consoleErrors: string[] = [];

before(async () => {
  if (skip) return;
  const store = await DuckDbStore.open(":memory:");
  const workspace = await buildDemo(store);
  const app = await buildApp({ store, workspace });
  // What a shop's webhooks would bring: a sale in a currency the demo has no rate for, a refund of a sale never seen.
  recordTracked = async () => {
    const deps = trackingDeps(store, workspace.id);
    await trackSale(deps, {
      source: "stripe",
      invoiceId: "pi_web",
      customerId: "web-chf",
      amount: 12,
      currency: "CHF",
    });
    await trackRefund(deps, {
      source: "stripe",
      invoiceId: "pi_gone",
      refundId: "re_web",
      amount: 5,
      currency: "EUR",
    });
  };
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  files = mkdtempSync(join(tmpdir(), "socialroi-web-"));
  mkdirSync(SHOTS, { recursive: true });
  close = async () => {
    await browser.close();
    await app.close();
    await store.close();
    rmSync(files, { recursive: true, force: true });
  };
});

after(async () => {
  if (!skip) await close();
});

async function open(path: string): Promise<Page> {
  context ??= await browser.newContext({
    userAgent: PERSON,
    viewport: { width: 1360, height: 900 },
    locale: "en-GB",
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${path}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${path}: ${error.message}`));
  await page.goto(base + path);
  await page.locator("main h1").waitFor();
  return page;
}

async function kpi(page: Page, metric: string): Promise<string> {
  const value = page.locator(`.kpi[data-metric="${metric}"] .kpi-value`);
  await value.waitFor();
  return (await value.textContent()) ?? "";
}

/** Waits until a figure shows something other than `before` (the page refetches after a filter change). */
async function changed(page: Page, metric: string, before: string): Promise<string> {
  await page.waitForFunction(
    ([selector, old]) => {
      const text = document.querySelector(selector!)?.textContent;
      return text !== undefined && text !== old;
    },
    [`.kpi[data-metric="${metric}"] .kpi-value`, before],
  );
  return kpi(page, metric);
}

async function importFile(page: Page, name: string, content: string): Promise<void> {
  const path = join(files, name);
  writeFileSync(path, content);
  await page.goto(`${base}/imports`);
  await page.locator('input[type="file"]').setInputFiles(path);
  await page.locator(".notice.success").waitFor();
}

test("the overview shows the demo's figures, and the period and network filters change them", {
  skip,
}, async () => {
  const page = await open("/");
  const whole = await kpi(page, "cost");
  assert.match(whole, /€/);
  await page.getByLabel("From", { exact: true }).fill("2026-09-01");
  await page.getByLabel("To", { exact: true }).fill("2026-09-30");
  const september = await changed(page, "cost", whole);
  assert.match(page.url(), /from=2026-09-01&to=2026-09-30/);
  await page.getByLabel("Network", { exact: true }).selectOption("facebook");
  const facebook = await changed(page, "cost", september);
  assert.notEqual(facebook, september);
  assert.match(page.url(), /network=facebook/);
  await page.getByLabel("Compare with the previous period").check();
  await page.locator(".kpi-change").first().waitFor();
  // The URL alone reproduces the view.
  const shared = await open(new URL(page.url()).pathname + new URL(page.url()).search);
  assert.equal(await kpi(shared, "cost"), facebook);
  await page.close();
  await shared.close();
});

test("every page opens without console errors, labels every control and is reachable by keyboard", {
  skip,
}, async () => {
  for (const path of PAGES) {
    const page = await open(path);
    // The marketing-mix page waits for a fit of the whole demo: seconds, more on a busy machine.
    await page.waitForFunction(() => !document.querySelector("main .muted[role=status]"), undefined, {
      timeout: 180_000,
    });
    if (TABLE_PAGES.has(path)) await page.locator("main tbody tr").first().waitFor();
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll("input, select, button, textarea"))
        .filter((element) => {
          const control = element as HTMLInputElement;
          const name =
            control.labels?.[0]?.textContent || control.getAttribute("aria-label") || control.textContent;
          return !name?.trim() && control.type !== "file";
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, [], `unlabelled controls on ${path}`);
    await page.screenshot({
      path: join(SHOTS, `${path === "/" ? "overview" : path.slice(1)}.png`),
      fullPage: true,
    });
    await page.close();
  }
  const page = await open("/");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/networks/);
  await page.close();
  assert.deepEqual(consoleErrors, []);
});

test("importing a file changes the ROI", { skip }, async () => {
  const page = await open("/");
  const before = await kpi(page, "revenue");
  await importFile(
    page,
    "big-sale.csv",
    `${CONVERSION_HEADER}\nweb-test-1,2026-09-10T10:00:00Z,sale,50000,EUR,facebook,ebook-launch,web-buyer,\n`,
  );
  await page.goto(`${base}/`);
  const after = await changed(page, "revenue", before);
  assert.notEqual(after, before);
  await page.close();
});

test("an import's problems are listed row by row", { skip }, async () => {
  const page = await open("/imports");
  const path = join(files, "bad-costs.csv");
  writeFileSync(
    path,
    "date,end_date,category,amount,currency,network,campaign,description,recurrence\n2026-09-01,,lunch,12,EUR,,,,\n",
  );
  await page.locator('input[type="file"]').setInputFiles(path);
  const problems = page.locator(".notice.error table");
  await problems.waitFor();
  assert.match((await problems.textContent()) ?? "", /lunch/);
  await page.close();
});

test("an import says how many rows it skipped and why, and names sales and refunds", { skip }, async () => {
  const page = await open("/imports");
  await importFile(
    page,
    "unified_payments.csv",
    [
      "id,Created date (UTC),Amount,Amount Refunded,Currency,Status,Customer ID",
      "ch_web_1,2026-09-03 10:00:00,49.00,10.00,eur,Paid,cus_web",
      "ch_web_2,2026-09-03 11:00:00,49.00,0.00,eur,Failed,cus_web",
      ",2026-09-03 11:00:01,49.00,0.00,eur,succeeded,cus_web",
    ].join("\n"),
  );
  const notice = (await page.locator(".notice.success").textContent()) ?? "";
  assert.match(notice, /sales/);
  assert.match(notice, /refunds/);
  assert.match(notice, /Skipped: 1 rows, status failed/);
  assert.match(notice, /Skipped: 1 rows, payment lines without an id/);
  await page.close();
});

test("a post text containing <script> is shown as text and never runs", { skip }, async () => {
  const page = await open("/imports");
  const hostile = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
  await importFile(
    page,
    "hostile.csv",
    `${POST_HEADER}\nweb-x-1,x,2026-09-02T10:00:00Z,status,"${hostile.replaceAll('"', '""')}",ebook-launch,999999,1,1,1,0,0,1\n`,
  );
  await page.goto(`${base}/posts?sort=impressions&order=desc`);
  await page.getByText(hostile).waitFor();
  assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator("main img[src='x']").count(), 0);
  await page.close();
});

test("a tracking link made in the dashboard counts the click that follows it", { skip }, async () => {
  const page = await open("/links");
  await page.getByLabel("Destination URL").fill(`${base}/landing`);
  await page.getByLabel("Network", { exact: true }).fill("facebook");
  await page.getByLabel("Campaign", { exact: true }).fill("ebook-launch");
  await page.getByLabel("Custom slug (optional)").fill("web-test");
  await page.getByRole("button", { name: "Create" }).click();
  const short = page.locator('.notice[role="status"] a');
  await short.waitFor();
  const visitor = await open("/");
  await visitor.goto((await short.getAttribute("href")) ?? "");
  assert.match(visitor.url(), /\/landing\?.*utm_source=facebook.*sr_id=/);
  await visitor.close();
  await page.reload();
  const row = page.locator("tr", { hasText: "/l/web-test" });
  await row.waitFor();
  // GET /api/links flushes the click buffer first, so the click is there as soon as the page reloads.
  assert.equal(await row.locator("td").nth(4).textContent(), "1");
  await page.close();
});

test("the overview says how many tracked sales are set aside, and the Imports page lists why", {
  skip,
}, async () => {
  await recordTracked();
  const earlierErrors = consoleErrors.length;
  const page = await open("/");
  const notice = page.locator(".notice", { hasText: "set aside" });
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? "", /^2 tracked sales or refunds are set aside/);
  await notice.getByRole("link").click();
  await page.waitForURL(/\/imports/);
  const held = page.locator("#held table");
  await held.waitFor();
  const text = (await held.textContent()) ?? "";
  assert.match(text, /Waiting for a CHF rate/);
  assert.match(text, /Refund of a sale not received/);
  await page.close();
  assert.deepEqual(consoleErrors.slice(earlierErrors), []);
});
