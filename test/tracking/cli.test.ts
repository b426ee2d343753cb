import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const temp = tempDir();
const DB = join(temp.dir, "cli.duckdb");

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newestSource(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}

before(() => {
  // The build takes most of this file's time: skip it when dist is newer than every source file.
  if (existsSync(CLI) && statSync(CLI).mtimeMs > newestSource(join(ROOT, "src"))) return;
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  // tsc emits even when another part of the tree does not type-check; what matters here is the CLI.
  assert.ok(existsSync(CLI) && statSync(CLI).mtimeMs > Date.now() - 600_000, build.stdout + build.stderr);
});
after(() => temp.remove());

function socialroi(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args, "--db", DB], {
    cwd: temp.dir,
    encoding: "utf8",
    env: { ...process.env, SOCIALROI_BASE_URL: "https://go.example" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("link create prints slug, short_url and destination; link list counts per link", () => {
  const created = socialroi(
    "link",
    "create",
    "--url",
    "https://shop.example/book",
    "--network",
    "facebook",
    "--campaign",
    "launch",
    "--post",
    "fb_1",
    "--slug",
    "book",
    "--json",
  );
  assert.equal(created.status, 0, created.stderr);
  const link = JSON.parse(created.stdout);
  assert.deepEqual(
    [link.slug, link.short_url, link.destination],
    ["book", "https://go.example/l/book", "https://shop.example/book"],
  );
  const generated = JSON.parse(socialroi("link", "create", "--url", "https://shop.example", "--json").stdout);
  assert.match(generated.slug, /^[A-Za-z0-9]{7}$/);

  const listed = socialroi("link", "list", "--json");
  assert.equal(listed.status, 0, listed.stderr);
  const book = JSON.parse(listed.stdout).links.find((l: { slug: string }) => l.slug === "book");
  assert.deepEqual([book.clicks, book.leads, book.sales, book.revenue], [0, 0, 0, 0]);
});

test("link errors are plain messages, without stack traces", () => {
  const taken = socialroi("link", "create", "--url", "https://shop.example", "--slug", "book");
  assert.equal(taken.status, 1);
  assert.equal(taken.stderr.trim(), "socialroi: The slug book is taken");
  const ftp = socialroi("link", "create", "--url", "ftp://shop.example", "--json");
  assert.equal(ftp.status, 1);
  assert.match(JSON.parse(ftp.stderr).error, /http:\/\/ or https:\/\//);
  assert.doesNotMatch(ftp.stderr, /\bat .+\.js:\d+/);
  const proxy = socialroi("serve", "--trust-proxy", "loopback,not-an-address");
  assert.equal(proxy.status, 1);
  assert.match(proxy.stderr, /--trust-proxy.*expected addresses, CIDR ranges/);
  assert.doesNotMatch(proxy.stderr, /\bat .+\.js:\d+/);
});

test("link qr writes a PNG file; token create prints a new sr_ token; webhook secrets are set", () => {
  const png = join(temp.dir, "book.png");
  assert.equal(socialroi("link", "qr", "book", "--format", "png", "--out", png).status, 0);
  assert.equal(readFileSync(png).subarray(1, 4).toString(), "PNG");
  const created = socialroi("token", "create", "--json");
  assert.equal(created.status, 0, created.stderr);
  assert.match(JSON.parse(created.stdout).token, /^sr_[A-Za-z0-9_-]{32}$/);
  assert.equal(socialroi("token", "webhook-secret", "stripe", "whsec_x").status, 0);
});
