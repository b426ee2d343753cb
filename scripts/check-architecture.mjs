#!/usr/bin/env node
/**
 * Fails when a module imports from a room it may not depend on (docs/architecture.md): data flows
 * one way, ingest/tracking → store → costs/value/metrics → roi/attribution/insights → reports →
 * server/cli → web, and the dashboard knows only the API's contract and the translations (src/i18n).
 * Type-only imports count too: a type the dashboard borrows from an analysis module ties it to that
 * module all the same.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

const BASE = ["domain"];
// The audit log sits on the store: every room that changes something records it there.
const DATA = [...BASE, "api", "store", "audit"];
const FACTS = [...DATA, "channels", "period"];
const FIGURES = [...FACTS, "costs", "value", "metrics"];
const ANALYSIS = [...FIGURES, "attribution", "roi", "insights", "goals", "mmm"];
const CORE = [...ANALYSIS, "tracking", "ingest", "reports", "i18n"];

/** Each room and the rooms it may import from (besides itself). */
const MAY_IMPORT = {
  "harden-process": [],
  domain: [],
  // The contract names the metrics and goals the dashboard shows: the definitions, no queries.
  api: [...BASE, "metrics"],
  // Every word and the one figure formatter: plain data and pure functions, for the dashboard too;
  // the API only for the types its words are keyed by (the attribution models).
  i18n: [...BASE, "api"],
  store: BASE,
  audit: [...BASE, "api", "store"],
  channels: DATA,
  period: DATA,
  costs: FACTS,
  value: FACTS,
  metrics: BASE,
  tracking: FACTS,
  attribution: FACTS,
  mmm: FIGURES,
  roi: [...FIGURES, "attribution"],
  insights: [...FIGURES, "attribution", "roi", "i18n"],
  goals: [...FIGURES, "attribution", "roi", "insights"],
  ingest: [...FIGURES, "tracking"],
  reports: [...ANALYSIS, "i18n"],
  // Users, sessions and memberships: above the store, below the doors that decide access with them.
  auth: DATA,
  demo: CORE,
  server: [...CORE, "auth"],
  cli: [...CORE, "auth", "demo", "server"],
  web: ["api", "i18n"],
};

/**
 * Single modules a room may import from a room above it: the goals table's import operation,
 * which ingest calls to write goals from a file and which itself imports nothing above ingest.
 */
const MAY_IMPORT_MODULES = { ingest: ["goals/import-goals.ts"] };

/** Rooms the dashboard bundles as they are: plain data and pure functions, no package (no preact). */
const NO_PACKAGES = ["i18n"];

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
    const module = relative(SRC, target).replace(/\.js$/, ".ts");
    const allowedModule = (MAY_IMPORT_MODULES[room] ?? []).includes(module);
    if (other !== room && other !== "harden-process" && !allowed.includes(other) && !allowedModule) {
      problems.push(
        `${relative(SRC, file)} imports ${relative(SRC, target)}: ${room} may not depend on ${other}`,
      );
    }
  }
  if (NO_PACKAGES.includes(room)) {
    for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^.][^"]*)"/gms)) {
      problems.push(`${relative(SRC, file)} imports the package ${match[1]}: ${room} imports no package`);
    }
  }
}

/**
 * The room that alone writes each table (issue 15): its operations are what every door calls.
 * A table filled from files is written through `store/bulk-load.ts` by its owner's import
 * operation (`ingest/table-owners.ts`).
 */
const TABLE_OWNERS = {
  workspaces: "store",
  conversion_days: "store",
  costs: "costs",
  value_rules: "value",
  goals: "goals",
  currency_rates: "period",
  links: "tracking",
  clicks: "tracking",
  user_agents: "tracking",
  customer_first_clicks: "tracking",
  conversions: "tracking",
  held_refunds: "tracking",
  api_tokens: "tracking",
  import_runs: "ingest",
  posts: "ingest",
  account_days: "ingest",
  touchpoints: "ingest",
  traffic: "ingest",
  keyword_cpcs: "ingest",
  mentions: "ingest",
  report_branding: "reports",
  report_deliveries: "reports",
  report_schedules: "reports",
  report_smtp: "reports",
  report_templates: "reports",
  users: "auth",
  user_sessions: "auth",
  memberships: "auth",
  audit_log: "audit",
  password_resets: "auth",
  link_domains: "tracking",
  lift_tests: "mmm",
  sentiment_corrections: "insights",
};
for (const file of sourceFiles(SRC)) {
  const path = relative(SRC, file);
  // Migrations create and reshape every table; they are the store's, not a writer of data.
  if (path === "store/duckdb/migrations.ts") continue;
  // Erasing a workspace (data rights) removes its rows from every table the schema has, whoever
  // owns them: listed from the schema, so that no table a migration adds is forgotten.
  if (path === "store/workspace-data.ts") continue;
  const text = readFileSync(file, "utf8");
  // Reads go through typed queries (store/query.ts), whose rows are checked against a schema.
  if (roomOf(file) !== "store" && /\bstore\s*\.\s*all\b/.test(text))
    problems.push(`${path} reads with store.all: use a defineQuery and runQuery (src/store/query.ts)`);
  for (const [, table] of text.matchAll(
    /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)\b/g,
  )) {
    // Temp tables of a statement's own (staged copies) are in no list: only the owned ones are checked.
    const owner = TABLE_OWNERS[table];
    if (owner !== undefined && roomOf(file) !== owner)
      problems.push(`${path} writes ${table}, which only ${owner} may write`);
  }
}

if (problems.length) {
  console.error(
    `Imports that run the wrong way, or tables written outside their room (${problems.length}):\n${problems.map((p) => `  ${p}`).join("\n")}`,
  );
  process.exit(1);
}
console.log("architecture: every import runs the way docs/architecture.md says");
