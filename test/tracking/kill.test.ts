import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, test } from "node:test";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { createLink } from "../../src/tracking/create-link.js";
import { BROWSER, clickIdOf, startServeProcess, tempDir } from "./helpers.js";

const temp = tempDir();
const DB = join(temp.dir, "kill.duckdb");
const CLICKS = 300;
const running = new Set<ChildProcess>();

after(() => {
  for (const child of running) child.kill("SIGKILL");
  temp.remove();
});

function startServe(): Promise<{ child: ChildProcess; url: string }> {
  return startServeProcess(DB, process.env, running);
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
