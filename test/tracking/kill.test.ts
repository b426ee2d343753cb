import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { createLink } from "../../src/tracking/create-link.js";
import { BROWSER, clickIdOf, tempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const temp = tempDir();
const DB = join(temp.dir, "kill.duckdb");
const CLICKS = 300;
const running = new Set<ChildProcess>();

after(() => {
  for (const child of running) child.kill("SIGKILL");
  temp.remove();
});

/** The real CLI in one node process (no tsx wrapper), so SIGKILL hits the server itself. */
async function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "serve", "--port", "0", "--db", DB],
    { cwd: ROOT, env: { ...process.env, SOCIALROI_RATE_LIMIT: "0" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  let errors = "";
  child.stderr!.on("data", (chunk) => {
    errors += String(chunk);
  });
  let output = "";
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) return { child, url };
  }
  throw new Error(`serve exited before listening: ${output}${errors}`);
}

test("every answered click survives kill -9 of the server", { timeout: 60_000 }, async () => {
  const store = await DuckDbStore.open(DB);
  const workspace = await defaultWorkspace(store);
  const token = await createApiToken(store, workspace.id);
  await createLink(store, workspace.id, { url: "https://shop.example", network: "tiktok", slug: "kill" });
  await store.close();

  const first = await startServe();
  const answered: string[] = [];
  const clickOnce = async (i: number) => {
    // A user agent per click, so the hourly de-duplication of a visitor keeps every one.
    const response = await fetch(`${first.url}/l/kill`, {
      redirect: "manual",
      headers: { "user-agent": `${BROWSER} visitor/${i}` },
    });
    assert.equal(response.status, 302);
    answered.push(clickIdOf(response)!);
  };
  for (let batch = 0; batch < CLICKS; batch += 30) {
    await Promise.all(Array.from({ length: 30 }, (_, i) => clickOnce(batch + i)));
  }
  first.child.kill("SIGKILL");
  await once(first.child, "exit");
  assert.equal(new Set(answered).size, CLICKS);

  const second = await startServe();
  const response = await fetch(`${second.url}/api/links`, { headers: { authorization: `Bearer ${token}` } });
  const { links } = (await response.json()) as { links: { slug: string; clicks: number }[] };
  assert.equal(links.find((l) => l.slug === "kill")?.clicks, CLICKS);
  second.child.kill("SIGTERM");
  await once(second.child, "exit");

  const reopened = await DuckDbStore.open(DB);
  const stored = await reopened.all<{ click_id: string }>("SELECT click_id FROM clicks");
  await reopened.close();
  assert.deepEqual(new Set(stored.map((r) => r.click_id)), new Set(answered));
});
