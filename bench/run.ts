/**
 * `npm run bench`: runs every benchmark in turn (each writes its own table next to it) and gathers
 * the tables into bench/README.md. Each benchmark measures its baseline in the same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BENCHMARKS = [
  "core",
  "import-x",
  "redirect",
  "redirect-cluster",
  "attribution",
  "reports",
  "mmm",
  "scale",
  "sentiment",
];
/** Benchmarks that are another's script in another setting. */
const VARIANTS: Record<string, { script: string; env: NodeJS.ProcessEnv }> = {
  "redirect-cluster": { script: "redirect", env: { SOCIALROI_BENCH_STORE: "cluster" } },
};
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const only = process.argv.slice(2);

for (const name of BENCHMARKS) {
  if (only.length && !only.includes(name)) continue;
  process.stdout.write(`\n== ${name} ==\n`);
  const variant = VARIANTS[name];
  const result = spawnSync(process.execPath, ["--import", "tsx", here(`${variant?.script ?? name}.ts`)], {
    stdio: "inherit",
    env: { ...process.env, ...variant?.env },
  });
  if (result.status !== 0) process.stdout.write(`${name} failed with exit code ${result.status}\n`);
}

const sections = BENCHMARKS.map((name) => here(`${name}.md`))
  .filter((path) => existsSync(path))
  .map((path) => readFileSync(path, "utf8").replace(/^# /, "## "));
writeFileSync(
  here("README.md"),
  `# Benchmarks\n\nRun them all with \`npm run bench\` (or one: \`npm run bench -- core\`). Each compares socialroi with a baseline measured in the same run on the same machine, so the ratios hold even when absolute times vary. The last results:\n\n${sections.join("\n")}`,
);
