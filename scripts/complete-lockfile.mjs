#!/usr/bin/env node
/**
 * Native packages (@biomejs/cli-*, @duckdb/node-bindings-*) list one optional build per platform.
 * When the registry npm installs from lacks some of those builds, npm leaves them out of
 * package-lock.json, and `npm ci` then refuses the lock file ("Missing: … from lock file"). This
 * records each missing build with the platform its name says, so `npm ci` skips it on every other
 * platform as it would with a complete lock file. Run after `npm install` changes the lock file:
 * `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["android", "darwin", "freebsd", "linux", "openbsd", "sunos", "win32", "aix"];
const CPU = ["arm64", "x64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64"];

function platformOf(name) {
  const parts = name.split("/").at(-1).split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) return undefined;
  const libc = os === "linux" ? [parts.includes("musl") ? "musl" : "glibc"] : undefined;
  return { cpu: [cpu], ...(libc ? { libc } : {}), os: [os] };
}

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;
for (const entry of Object.values({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    const platform = platformOf(name);
    if (packages[target] || !platform) continue;
    packages[target] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`${added} platform builds recorded in package-lock.json\n`);
