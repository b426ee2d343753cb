import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { costInputSchema } from "../../src/api/costs.js";
import { addMember } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { buildDemo } from "../../src/demo/build-demo.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { saveBranding } from "../../src/reports/branding.js";
import { saveSmtpSettings } from "../../src/reports/smtp.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { smtpServer } from "../reports/smtp-server.js";
import { tokenOfResetMail } from "../server/reset-mail.js";
import { launchChromium, browserTestsSkipped as skip } from "./chromium.js";

/**
 * Issue 18 in the dashboard (Chromium): signing in and out, switching workspace, what a viewer and
 * a client see and may do, the white label and the agency's portfolio.
 */

const PASSWORD = "a long enough password";
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#aa3300"/></svg>`;

let store: DuckDbStore;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof smtpServer>>;
let close: () => Promise<void>;
let base: string;
let a: Workspace;
let b: Workspace;
const consoleErrors: string[] = [];

before(async () => {
  if (skip) return;
  store = await DuckDbStore.open(":memory:");
  a = await buildDemo(store);
  b = await createWorkspace(store, { name: "Bakery B", currency: "USD", timezone: "UTC", locale: "en" });
  await createWorkspace(store, { name: "Hidden C", currency: "EUR", timezone: "UTC", locale: "en" });
  await createCostEntry(
    store,
    b.id,
    costInputSchema.parse({ date: "2026-08-01", category: "tools", amount: 9, currency: "USD" }),
  );
  await saveBranding(store, b.id, {
    company: "Bakery & Sons",
    accentColor: "#aa3300",
    logo: { mime: "image/svg+xml", base64: Buffer.from(LOGO).toString("base64") },
  });
  // The first user owns the instance and so every workspace, Hidden C included; the others do not.
  await createUser(store, { email: "owner@teams.example", password: PASSWORD });
  const member = async (email: string, roles: [Workspace, "editor" | "viewer" | "client"][]) => {
    const user = await createUser(store, { email, password: PASSWORD });
    for (const [workspace, role] of roles) await addMember(store, workspace.id, user!.user_id, role);
  };
  await member("agent@teams.example", [
    [a, "editor"],
    [b, "viewer"],
  ]);
  await member("viewer@teams.example", [[a, "viewer"]]);
  await member("client@teams.example", [[b, "client"]]);
  await member("forgetful@teams.example", [[a, "viewer"]]);
  // Reset e-mails go out with the SMTP settings of the workspace served, caught here.
  smtp = await smtpServer();
  await saveSmtpSettings(store, a.id, {
    host: "127.0.0.1",
    port: smtp.port,
    from: "socialroi@teams.example",
  });
  const app = await buildApp({ store, workspace: a });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  close = async () => {
    await browser.close();
    await smtp.close();
    await app.close();
    await store.close();
  };
});

after(async () => {
  if (!skip) await close();
});

/** A page in a browser of its own: its own cookies, so its own session. */
async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  return page;
}

async function fillSignIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  // By name: the forgotten-password form beside it has an e-mail field too.
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signedIn(email: string, path = "/"): Promise<Page> {
  const page = await freshPage();
  await page.goto(base + path);
  await fillSignIn(page, email);
  await page.locator("nav[aria-label='Main navigation']").waitFor();
  return page;
}

async function kpi(page: Page, metric: string): Promise<string> {
  const value = page.locator(`.kpi[data-metric="${metric}"] .kpi-value`);
  await value.waitFor();
  return (await value.textContent()) ?? "";
}

async function navigation(page: Page): Promise<string[]> {
  return page.locator("nav[aria-label='Main navigation'] a").allTextContents();
}

/** A write as a script of the page could send it: the session cookie and its CSRF token, from this origin. */
function forcedWrite(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ([url, payload]) => {
      const csrf = document.cookie.match(/sr_csrf=([^;]+)/)?.[1] ?? "";
      const answer = await fetch(url!, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: payload,
      });
      return answer.status;
    },
    [path, JSON.stringify(body)],
  );
}

/** Buttons, forms and file inputs that change data, on the page shown. */
function editControls(page: Page): Promise<number> {
  return page
    .locator("main form.editor, main input[type=file], main button.danger, main button:text-is('Edit')")
    .count();
}

test("signing in: refusals in the user's language, the rate limit said, then the dashboard", {
  skip,
}, async () => {
  const page = await freshPage();
  await page.goto(`${base}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await fillSignIn(page, "agent@teams.example", "not the password");
  await page.getByText("Wrong e-mail address or password.").waitFor();

  await page.locator("header select").selectOption("fr");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByText("Adresse e-mail ou mot de passe incorrect.").waitFor();
  await page.locator("header select").selectOption("en");

  // Ten guesses per address at once, then one a minute: the eleventh is told to wait.
  await page.locator("input[name=email]").fill("nobody@teams.example");
  for (let guess = 0; guess < 11; guess++) {
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".notice.error").waitFor();
  }
  await page.getByText("Too many sign-in attempts: wait a minute, then try again.").waitFor();

  await fillSignIn(page, "agent@teams.example");
  assert.match(await kpi(page, "cost"), /€/);
  assert.equal(await page.locator("header .account span").textContent(), "agent@teams.example");
  await page.context().close();
});

test("switching workspace shows the other one's figures, and is remembered on the server", {
  skip,
}, async () => {
  const page = await signedIn("agent@teams.example");
  const inA = await kpi(page, "cost");
  assert.equal(await page.locator(".workspace-name").textContent(), a.name);
  await page.getByLabel("Workspace", { exact: true }).selectOption(b.id);
  await page.waitForFunction(() => document.querySelector(".workspace-name")?.textContent === "Bakery B");
  const inB = await kpi(page, "cost");
  assert.notEqual(inB, inA);
  assert.match(inB, /9/);
  assert.doesNotMatch(inB, /€/);

  // Another browser of the same user opens where they left off.
  const elsewhere = await signedIn("agent@teams.example");
  assert.equal(await kpi(elsewhere, "cost"), inB);
  assert.equal(await elsewhere.locator(".workspace-name").textContent(), "Bakery B");
  await page.getByLabel("Workspace", { exact: true }).selectOption(a.id);
  await page.waitForFunction(() => document.querySelector(".workspace-name")?.textContent !== "Bakery B");
  assert.equal(await kpi(page, "cost"), inA);
  await page.context().close();
  await elsewhere.context().close();
});

test("a viewer sees no edit controls, and a write forced by hand is refused", { skip }, async () => {
  const editor = await signedIn("agent@teams.example", "/costs");
  await editor.locator("main table").first().waitFor();
  assert.ok((await editControls(editor)) > 0, "an editor has them: the check below can fail");
  await editor.context().close();

  const page = await signedIn("viewer@teams.example", "/costs");
  for (const path of ["/costs", "/value-rules", "/goals", "/links", "/imports"]) {
    await page.goto(base + path);
    await page.locator("main h1").waitFor();
    await page.waitForFunction(() => !document.querySelector("main .muted[role=status]"));
    assert.equal(await editControls(page), 0, `edit controls on ${path}`);
  }
  assert.ok(!(await navigation(page)).includes("Settings"));
  await page.goto(`${base}/settings`);
  await page.getByText("This page is not available to your role in this workspace.").waitFor();

  const cost = { date: "2026-08-02", category: "tools", amount: 5, currency: "EUR" };
  assert.equal(await forcedWrite(page, "/api/costs", cost), 403);
  assert.equal(await forcedWrite(page, `/api/costs?workspace=${b.id}`, cost), 404, "another workspace");
  await page.context().close();
});

test("a client sees only its workspace's overview and reports, in its branding", { skip }, async () => {
  const page = await signedIn("client@teams.example");
  assert.deepEqual(await navigation(page), ["Overview", "Reports"]);
  assert.match(await kpi(page, "cost"), /9/);
  assert.equal((await page.locator("header .brand").textContent())?.trim(), "Bakery & Sons");
  assert.match(
    (await page.locator("header .brand img").getAttribute("src")) ?? "",
    /^data:image\/svg\+xml;base64,/,
  );
  const accent = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--accent").trim(),
  );
  assert.equal(accent, "#aa3300");
  assert.match(await page.title(), /Bakery & Sons$/);

  await page.getByRole("link", { name: "Reports" }).click();
  await page.locator("main iframe").waitFor();
  for (const path of ["/costs", "/imports", "/settings", "/attribution"]) {
    await page.goto(base + path);
    await page.getByText("This page is not available to your role in this workspace.").waitFor();
  }
  const readCosts = await page.evaluate(async () => (await fetch("/api/costs")).status);
  assert.equal(readCosts, 403);
  await page.context().close();
});

test("the portfolio lists exactly the user's workspaces, sorts them, and opens one", { skip }, async () => {
  const page = await signedIn("agent@teams.example", "/portfolio?from=2026-08-01&to=2026-09-30");
  const rows = page.locator("main tbody tr");
  await rows.first().waitFor();
  const names = () => page.locator("main tbody tr td:first-child").allTextContents();
  assert.deepEqual((await names()).toSorted(), [a.name, "Bakery B"].toSorted());
  await page.getByRole("button", { name: "Cost", exact: true }).click();
  const descending = await names();
  await page.getByRole("button", { name: "Cost", exact: true }).click();
  assert.deepEqual(await names(), descending.toReversed());

  await page.getByRole("link", { name: "Bakery B" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.waitForFunction(() => document.querySelector(".workspace-name")?.textContent === "Bakery B");
  assert.match(page.url(), /from=2026-08-01&to=2026-09-30/);
  assert.match(await kpi(page, "cost"), /9/);
  await page.context().close();
});

test("signing out asks to sign in again; signing out everywhere ends the other browsers' sessions", {
  skip,
}, async () => {
  const page = await signedIn("viewer@teams.example");
  const other = await signedIn("viewer@teams.example");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await other.reload();
  await other.locator("nav[aria-label='Main navigation']").waitFor();

  const third = await signedIn("viewer@teams.example");
  await third.getByRole("button", { name: "Sign out everywhere" }).click();
  await third.getByRole("heading", { name: "Sign in" }).waitFor();
  await other.reload();
  await other.getByRole("heading", { name: "Sign in" }).waitFor();
  for (const each of [page, other, third]) await each.context().close();
  assert.deepEqual(consoleErrors, []);
});

test("a forgotten password: the e-mailed link sets a new one once, and the new one signs in", {
  skip,
}, async () => {
  const page = await freshPage();
  await page.goto(`${base}/`);
  await page.getByText("Forgot your password?").click();
  await page.getByLabel("Your account's e-mail address").fill("forgetful@teams.example");
  await page.getByRole("button", { name: "Send the link" }).click();
  await page.getByText("If that address has an account, an e-mail with a link is on its way.").waitFor();
  const [mail] = await smtp.receivedAtLeast(1);
  const link = `${base}/reset-password?token=${tokenOfResetMail(mail!.raw)}`;

  await page.goto(link);
  await page.getByLabel("New password").fill("a brand new long password");
  await page.getByRole("button", { name: "Set a new password" }).click();
  await page.getByText("Your password is set").waitFor();
  await page.goto(`${base}/`);
  await fillSignIn(page, "forgetful@teams.example", "a brand new long password");
  await page.locator("nav[aria-label='Main navigation']").waitFor();

  const again = await freshPage();
  await again.goto(link);
  await again.getByLabel("New password").fill("yet another long password");
  await again.getByRole("button", { name: "Set a new password" }).click();
  await again.getByText("This link is no longer valid").waitFor();
  for (const each of [page, again]) await each.context().close();
  assert.deepEqual(consoleErrors, []);
});
