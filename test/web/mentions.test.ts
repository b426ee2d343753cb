import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { MentionList } from "../../src/api/mentions.js";
import { createUser } from "../../src/auth/users.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { listMentions } from "../../src/insights/list-mentions.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { importMentions } from "../insights/mention-files.js";
import { launchChromium, signInPage, browserTestsSkipped as skip } from "./chromium.js";

/**
 * The customer-care section of the insights page in Chromium: an editor corrects a mention the
 * model was unsure of, and the positive/negative counts change with it; undone, they come back.
 */

const SHOTS = join(import.meta.dirname, "../../tmp/screenshots");
const PASSWORD = "a long enough password";
const MARCH = { from: "2026-03-01", to: "2026-03-31" };
/** Texts that carry little sentiment: whatever the model, some verdicts are unsure. */
const MENTIONS = [
  "m1,2026-03-02T10:00:00Z,facebook,a,I love this great product,2026-03-02T10:30:00Z,1,en",
  "m2,2026-03-03T10:00:00Z,facebook,b,hmm,,,en",
  "m3,2026-03-04T10:00:00Z,instagram,c,ok then,,,en",
  "m4,2026-03-05T10:00:00Z,instagram,d,le colis,,,fr",
  "m5,2026-03-06T10:00:00Z,facebook,e,zo zo,,,nl",
];

let browser: Browser;
let base: string;
let store: DuckDbStore;
let workspace: Workspace;
let close: () => Promise<void>;
const pageErrors: string[] = [];

before(async () => {
  if (skip) return;
  store = await DuckDbStore.open(":memory:");
  workspace = await createWorkspace(store, { name: "Shop", currency: "EUR", timezone: "UTC", locale: "en" });
  await importMentions(store, workspace, MENTIONS);
  await createUser(store, { email: "owner@shop.example", password: PASSWORD });
  const app = await buildApp({ store, workspace });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
  close = async () => {
    await browser.close();
    await app.close();
    await store.close();
  };
});

after(async () => {
  if (!skip) await close();
});

async function signedIn(email: string): Promise<Page> {
  const page = await signInPage(
    browser,
    `${base}/insights?from=${MARCH.from}&to=${MARCH.to}`,
    { email, password: PASSWORD },
    pageErrors,
  );
  await page.getByRole("heading", { name: "Customer care" }).waitFor();
  return page;
}

/** "5 mentions: 1 positive, 0 negative, 4 neutral (…)" as the counts it says. */
async function counts(page: Page): Promise<Record<"positive" | "negative" | "neutral", number>> {
  const text = (await page.getByTestId("care-sentiment").textContent()) ?? "";
  const found = /: (\d+) positive, (\d+) negative, (\d+) neutral/.exec(text);
  assert.ok(found, text);
  return { positive: Number(found[1]), negative: Number(found[2]), neutral: Number(found[3]) };
}

test("an editor corrects a low-confidence mention and the counts change; undone, they come back", {
  skip,
}, async () => {
  const unsure: MentionList = await listMentions(store, workspace, MARCH, {
    filter: "low-confidence",
    limit: 10,
    offset: 0,
  });
  assert.ok(unsure.total > 0, "some verdict is unsure");
  const mention = unsure.mentions[0]!;
  const target = mention.model_sentiment === "negative" ? "positive" : "negative";

  const page = await signedIn("owner@shop.example");
  await page.getByTestId("care-sentiment").waitFor();
  const before = await counts(page);
  assert.equal(before.positive + before.negative + before.neutral, 5);
  const table = page.locator("table", { has: page.locator("caption", { hasText: "Mentions to review" }) });
  const row = table.locator("tbody tr", { hasText: mention.text ?? "" });
  await row.waitFor();
  await row.getByText("low confidence").waitFor();
  await page.screenshot({ path: join(SHOTS, "mentions-review.png"), fullPage: true });

  await row.getByLabel(`Sentiment: ${mention.mention_id}`).selectOption(target);
  // Corrected, it no longer needs review, and the counts use the user's class.
  await row.waitFor({ state: "detached" });
  await page.waitForFunction(
    ([testId, expected]) =>
      document.querySelector(`[data-testid=${testId}]`)?.textContent?.includes(expected),
    ["care-sentiment", `${before[target] + 1} ${target}`] as const,
  );
  const afterCorrection = await counts(page);
  assert.equal(afterCorrection[target], before[target] + 1);
  assert.equal(afterCorrection[mention.model_sentiment], before[mention.model_sentiment] - 1);

  await page.getByLabel("Show").selectOption("corrected");
  const corrected = table.locator("tbody tr", { hasText: mention.text ?? "" });
  await corrected.getByRole("button", { name: `Undo correction: ${mention.mention_id}` }).click();
  await corrected.waitFor({ state: "detached" });
  await page.waitForFunction(
    ([testId, expected]) =>
      document.querySelector(`[data-testid=${testId}]`)?.textContent?.includes(expected),
    ["care-sentiment", `${before[target]} ${target}`] as const,
  );
  assert.deepEqual(await counts(page), before);
  await page.context().close();
  assert.deepEqual(pageErrors, []);
});
