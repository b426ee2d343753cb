import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * Issue 15, item 4: the dashboard knows only the API's contract. Server modules it imported
 * brought their SQL into the browser's bundle; their queries are the tell. Reads what
 * `npm run build` left (run before the tests), and fails rather than skips when nothing was built.
 */
const ASSETS = fileURLToPath(new URL("../../dist/web/assets/", import.meta.url));

const SERVER_CODE = ["SELECT ", "FROM conversions", "local_day"];

test("the dashboard's bundle holds no server code (no SQL)", () => {
  let names: string[];
  try {
    names = readdirSync(ASSETS).filter((name) => name.endsWith(".js"));
  } catch {
    assert.fail(`${ASSETS} is missing: run npm run build before the tests`);
  }
  assert.ok(names.length > 0, `no script in ${ASSETS}: run npm run build before the tests`);
  for (const name of names) {
    const script = readFileSync(join(ASSETS, name), "utf8");
    for (const tell of SERVER_CODE)
      assert.ok(!script.includes(tell), `${name} contains ${JSON.stringify(tell)}`);
  }
});
