import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const BUILT = join(import.meta.dirname, "../../dist/web/index.html");

/** Why the browser tests cannot run here, or false: they drive the system's Chromium over the built dashboard. */
export const browserTestsSkipped: string | false = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is absent: browser tests skipped (apt-get install chromium)`
  : !existsSync(BUILT)
    ? "dist/web is not built: run npm run build first"
    : false;
if (browserTestsSkipped) console.warn(`# ${browserTestsSkipped}`);

/** Headless, and quiet: no network of its own (updates, sync, QUIC probes) beside the test's. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page of its own (a new context) signed in through the sign-in form at `url`, its script errors
 * collected in `errors`; the caller waits for what its page shows once signed in.
 */
export async function signInPage(
  browser: Browser,
  url: string,
  credentials: { email: string; password: string },
  errors: string[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await page.locator("input[name=email]").fill(credentials.email);
  await page.locator("input[name=password]").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}
