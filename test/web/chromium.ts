import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";

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
