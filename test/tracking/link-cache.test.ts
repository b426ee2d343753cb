import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mock, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createLink } from "../../src/tracking/create-link.js";
import { LinkCache } from "../../src/tracking/link-cache.js";
import { archiveLink, updateLink } from "../../src/tracking/update-link.js";
import { testWorkspace } from "../helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test("slugs no link can have cost neither a lookup nor memory: 10,000 random 2 KB slugs", async () => {
  const { store, workspace, close } = await testWorkspace();
  const cache = new LinkCache(store, workspace.id);
  const lookups = mock.method(store, "all");
  const slugs = Array.from({ length: 10_000 }, () => randomBytes(1536).toString("base64url"));
  assert.equal(slugs[0]!.length, 2048);
  const before = heapAfterGc();
  for (const slug of slugs) assert.equal(await cache.active(slug), null);
  const grown = heapAfterGc() - before;
  assert.equal(lookups.mock.callCount(), 0);
  assert.equal(cache.size, 0);
  assert.ok(grown < 2 * 1024 * 1024, `the heap grew by ${grown} bytes`);
  mock.restoreAll();
  await close();
});

test("unknown slugs of a valid form are remembered a few at a time; links stay cached", async () => {
  const { store, workspace, close } = await testWorkspace();
  await createLink(store, workspace.id, { url: "https://shop.example/book", slug: "keep" });
  const cache = new LinkCache(store, workspace.id);
  const lookups = mock.method(store, "all");
  assert.equal((await cache.active("keep"))?.target.href, "https://shop.example/book");
  assert.equal(await cache.active("gone"), null);
  assert.equal(await cache.active("gone"), null);
  assert.equal(lookups.mock.callCount(), 2, "a dead link opened again is answered from memory");

  for (let i = 0; i < 2_000; i++) await cache.active(`a${randomBytes(47).toString("hex").slice(0, 63)}`);
  assert.equal(lookups.mock.callCount(), 2_002);
  assert.ok(cache.size <= 1_001, `${cache.size} slugs held`);
  assert.ok(await cache.active("keep"));
  assert.equal(lookups.mock.callCount(), 2_002, "the link is still cached after the probing");

  await createLink(store, workspace.id, { url: "https://shop.example/new", slug: "gone" });
  assert.equal((await cache.active("gone"))?.target.href, "https://shop.example/new");
  mock.restoreAll();
  await close();
});

test("a link created, changed or archived by any door of this process is answered anew", async () => {
  const { store, workspace, close } = await testWorkspace();
  const cache = new LinkCache(store, workspace.id);
  // Looked up before the link exists (remembered as unknown), then made by a door that holds no cache.
  assert.equal(await cache.active("late"), null);
  await createLink(store, workspace.id, { url: "https://shop.example/first", slug: "late" });
  assert.equal((await cache.active("late"))?.target.href, "https://shop.example/first");
  await updateLink(store, workspace.id, "late", { url: "https://shop.example/second" });
  assert.equal((await cache.active("late"))?.target.href, "https://shop.example/second");
  await archiveLink(store, workspace.id, "late");
  assert.equal(await cache.active("late"), null);
  await close();
});
