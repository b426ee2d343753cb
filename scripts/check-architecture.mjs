#!/usr/bin/env node
/**
 * Fails when a module imports from a room it may not depend on (docs/architecture.md): data flows
 * one way, ingest/tracking → store → costs/value/metrics → roi/attribution/insights → reports →
 * server/cli → web, and the dashboard knows only the API's contract. Type-only imports count too:
 * a type the dashboard borrows from an analysis module ties it to that module all the same.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

const BASE = ["domain"];
const DATA = [...BASE, "api", "store"];
const FACTS = [...DATA, "channels", "period"];
const FIGURES = [...FACTS, "costs", "value", "metrics"];
const ANALYSIS = [...FIGURES, "attribution", "roi", "insights", "goals", "mmm"];
const CORE = [...ANALYSIS, "tracking", "ingest", "reports"];

/** Each room and the rooms it may import from (besides itself). */
const MAY_IMPORT = {
  "harden-process": [],
  domain: [],
  // The contract names the metrics and goals the dashboard shows: the definitions, no queries.
  api: [...BASE, "metrics"],
  store: BASE,
  channels: DATA,
  period: DATA,
  costs: FACTS,
  value: FACTS,
  metrics: BASE,
  tracking: FACTS,
  attribution: FACTS,
  mmm: FIGURES,
  roi: [...FIGURES, "attribution"],
  insights: [...FIGURES, "attribution", "roi"],
  goals: [...FIGURES, "attribution", "roi", "insights"],
  ingest: [...FIGURES, "tracking"],
  reports: ANALYSIS,
  demo: CORE,
  server: CORE,
  cli: [...CORE, "demo", "server"],
  web: ["api"],
};

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const roomOf = (path) =>
  relative(SRC, path)
    .split("/")[0]
    .replace(/\.(tsx?|js)$/, "");

const problems = [];
for (const file of sourceFiles(SRC)) {
  const room = roomOf(file);
  const allowed = MAY_IMPORT[room];
  if (!allowed) {
    problems.push(
      `${relative(SRC, file)}: room "${room}" is not in the architecture (scripts/check-architecture.mjs)`,
    );
    continue;
  }
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(
    /^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"/gms,
  )) {
    const target = resolve(dirname(file), match[1] ?? match[2]);
    const other = roomOf(target);
    // The process guard is imported first by every entry point (the CLI, the server, the workbook worker).
    if (other !== room && other !== "harden-process" && !allowed.includes(other)) {
      problems.push(
        `${relative(SRC, file)} imports ${relative(SRC, target)}: ${room} may not depend on ${other}`,
      );
    }
  }
}

if (problems.length) {
  console.error(
    `Imports that run the wrong way (${problems.length}):\n${problems.map((p) => `  ${p}`).join("\n")}`,
  );
  process.exit(1);
}
console.log("architecture: every import runs the way docs/architecture.md says");
