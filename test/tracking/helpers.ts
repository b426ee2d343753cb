import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Workspace } from "../../src/domain/workspace.js";
import { buildApp } from "../../src/server/app.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import type { ClickRecorder } from "../../src/tracking/record-click.js";
import { setWebhookSecret } from "../../src/tracking/webhook-secrets.js";

export const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
export const INSTAGRAM =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 309.0.0.40.113 (iPhone13,2; iOS 17_0; en_US; en; scale=3.00; 1170x2532; 536988435)";
export const TIKTOK =
  "Mozilla/5.0 (Linux; Android 12; SM-G991B Build/SP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/110.0.5481.153 Mobile Safari/537.36 musical_ly_2022803040 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/28.3.4 BytedanceWebview/d8a21c6";
export const FACEBOOK_CRAWLER = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";

/**
 * A click on the link for each user agent given (agents never seen before exhaust the parsing
 * budget), by one visitor address unless `ipOf` gives each click its own (the same agent from one
 * address is one visitor); the click ids, once every click is logged.
 */
export function clickWithEachAgent(
  recorder: ClickRecorder,
  link: { workspaceId: string; linkId: string },
  agents: readonly string[],
  ipOf: (click: number) => string = () => "203.0.113.9",
): Promise<(string | undefined)[]> {
  return Promise.all(
    agents.map(
      (userAgent, click) =>
        new Promise<string | undefined>((resolve) =>
          recorder.record(
            { ...link, ip: ipOf(click), referrer: undefined, country: undefined, userAgent },
            resolve,
          ),
        ),
    ),
  );
}

/** `count` user agents of one browser's builds, all different. */
export function newAgents(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${BROWSER} build/${i}`);
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-tracking-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer {
  url: string;
  store: DuckDbStore;
  workspace: Workspace;
  token: string;
  /** JSON request with the workspace token unless `token` says otherwise. */
  api(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<Response>;
  click(
    slug: string,
    userAgent?: string,
    query?: string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/** A real server on a loopback port over a fresh database file. */
export async function startServer(
  options: { ratePerMinute?: number; trustedProxies?: string[]; webhookSecrets?: boolean } = {},
): Promise<TestServer> {
  // Tests fire many requests from one address: no limit unless the test is about it.
  process.env["SOCIALROI_RATE_LIMIT"] = String(options.ratePerMinute ?? 0);
  const temp = tempDir();
  const store = await DuckDbStore.open(join(temp.dir, "test.duckdb"));
  const workspace = await defaultWorkspace(store);
  const token = await createApiToken(store, workspace.id);
  if (options.webhookSecrets) {
    await setWebhookSecret(store, workspace.id, "stripe", STRIPE_SECRET);
    await setWebhookSecret(store, workspace.id, "shopify", SHOPIFY_SECRET);
  }
  const app = await buildApp({ store, workspace }, { trustedProxies: options.trustedProxies });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    store,
    workspace,
    token,
    api(path, init = {}) {
      const headers: Record<string, string> =
        init.body === undefined ? {} : { "content-type": "application/json" };
      const bearer = init.token === undefined ? token : init.token;
      if (bearer !== null) headers["authorization"] = `Bearer ${bearer}`;
      return fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    },
    click(slug, userAgent = BROWSER, query = "", headers = {}) {
      return fetch(`${url}/l/${slug}${query}`, {
        redirect: "manual",
        headers: { ...headers, "user-agent": userAgent },
      });
    },
    async close() {
      await app.close();
      await store.close();
      temp.remove();
    },
  };
}

export function clickIdOf(response: Response): string | null {
  const location = response.headers.get("location");
  return location ? new URL(location).searchParams.get("sr_id") : null;
}

export async function createTestLink(server: TestServer, body: Record<string, unknown>) {
  const response = await server.api("/api/links", { body });
  if (response.status !== 201)
    throw new Error(`link not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string; short_url: string };
}

export async function linkStats(server: TestServer, slug: string) {
  const { links } = (await (await server.api("/api/links?archived=true")).json()) as {
    links: { slug: string; clicks: number; leads: number; sales: number; revenue: number }[];
  };
  return links.find((l) => l.slug === slug);
}

export const STRIPE_SECRET = "whsec_test_secret";
export const SHOPIFY_SECRET = "shpss_test_secret";

/** A Stripe event signed as Stripe signs it (`t=…,v1=…` over `timestamp.body`). */
export function stripeWebhook(
  server: TestServer,
  event: unknown,
  options: { secret?: string; at?: number } = {},
): Promise<Response> {
  const body = JSON.stringify(event);
  return fetch(`${server.url}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": stripeSignature(body, options) },
    body,
  });
}

/** The Stripe-Signature header of a body: `t=…,v1=…`, an HMAC over `timestamp.body`. */
export function stripeSignature(body: string, options: { secret?: string; at?: number } = {}): string {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", options.secret ?? STRIPE_SECRET)
    .update(`${at}.${body}`)
    .digest("hex");
  return `t=${at},v1=${v1}`;
}

/** The X-Shopify-Hmac-Sha256 header of a body: the base64 HMAC of its bytes. */
export function shopifyHmac(body: string, secret = SHOPIFY_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** A Shopify webhook signed as Shopify signs it (base64 HMAC of the body). */
export function shopifyWebhook(
  server: TestServer,
  topic: string,
  payload: unknown,
  secret = SHOPIFY_SECRET,
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${server.url}/api/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": shopifyHmac(body, secret),
    },
    body,
  });
}

/**
 * `socialroi serve` on a free port, as the real CLI in one node process (no tsx wrapper, so that
 * SIGKILL hits the server itself), added to `running` until it exits; its address once it listens.
 */
export async function startServeProcess(
  db: string,
  env: NodeJS.ProcessEnv,
  running: Set<ChildProcess>,
): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli/main.ts"), "serve", "--port", "0", "--db", db],
    { cwd: root, env: { ...env, SOCIALROI_RATE_LIMIT: "0" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  let errors = "";
  child.stderr!.on("data", (chunk) => {
    errors += String(chunk);
  });
  // Read to the end, not only to the address: a pipe nobody reads stops the server at its next line.
  let output = "";
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += String(chunk);
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", () => reject(new Error(`serve exited before listening: ${output}${errors}`)));
  });
  return { child, url: await listening, log: () => `${output}${errors}` };
}
