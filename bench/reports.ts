import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "../src/ingest/import-file.js";
import { DEFAULT_BRANDING } from "../src/reports/branding.js";
import { buildReport } from "../src/reports/model.js";
import { renderReport } from "../src/reports/render/index.js";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../src/store/workspaces.js";

/** A year of activity on six networks: 4,000 posts, 2,000 leads, 600 sales, monthly costs. */
const POSTS = 4000;
const NETWORKS = ["facebook", "instagram", "x", "linkedin", "tiktok", "youtube"];
const CAMPAIGNS = ["spring", "summer", "ebook", "webinar", "brand", ""];
const RUNS = 5;

function csv(header: string, rows: (string | number)[][]): string {
  return `${header}\n${rows.map((r) => r.join(",")).join("\n")}\n`;
}

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const directory = mkdtempSync(join(tmpdir(), "socialroi-bench-reports-"));
const files: Record<string, string> = {
  posts: csv(
    "post_id,network,published_at,type,text,campaign,impressions,reach,engagements,likes,comments,shares,link_clicks",
    Array.from({ length: POSTS }, (_, i) => {
      const impressions = Math.round(500 + random() * 40_000);
      return [
        `p${i}`,
        NETWORKS[i % NETWORKS.length]!,
        `${day(i % 365)}T10:00:00Z`,
        ["photo", "video", "link", "reel"][i % 4]!,
        `Post number ${i}`,
        CAMPAIGNS[i % CAMPAIGNS.length]!,
        impressions,
        Math.round(impressions * 0.7),
        Math.round(impressions * random() * 0.08),
        0,
        0,
        0,
        Math.round(impressions * random() * 0.02),
      ];
    }),
  ),
  costs: csv("date,end_date,category,amount,currency,network,campaign,description,recurrence", [
    ...NETWORKS.map((n) => [day(0), day(364), "ads", 12_000, "EUR", n, "", "ads", ""]),
    [day(0), day(364), "tools", 120, "EUR", "", "", "tools", "monthly"],
    [day(0), day(364), "team", 3000, "EUR", "", "", "team", "monthly"],
  ]),
  conversions: csv(
    "conversion_id,occurred_at,type,value,currency,network,campaign,customer_id,click_id",
    Array.from({ length: 2600 }, (_, i) => [
      `c${i}`,
      `${day(i % 365)}T12:00:00Z`,
      i < 2000 ? "lead" : "sale",
      i < 2000 ? "" : Math.round(50 + random() * 400),
      i < 2000 ? "" : "EUR",
      NETWORKS[i % NETWORKS.length]!,
      CAMPAIGNS[i % CAMPAIGNS.length]!,
      `u${i % 1500}`,
      "",
    ]),
  ),
  value_rules: csv("outcome,unit_value,currency,valid_from,valid_to", [
    ["lead", 20, "EUR", "", ""],
    ["link_click", 0.5, "EUR", "", ""],
    ["impressions_1000", 4, "EUR", "", ""],
  ]),
};

const store = await DuckDbStore.open(":memory:");
const workspace = await defaultWorkspace(store);
for (const [format, content] of Object.entries(files)) {
  const path = join(directory, `${format}.csv`);
  writeFileSync(path, content);
  await importFile(store, workspace, { path, format });
}

const period = { from: "2025-01-01", to: "2025-12-31" };
const timings: Record<string, number[]> = { model: [], pdf: [], pptx: [], xlsx: [] };
for (let run = 0; run < RUNS; run++) {
  let start = performance.now();
  const model = await buildReport(store, workspace, { period, lang: "fr", branding: DEFAULT_BRANDING });
  timings["model"]!.push(performance.now() - start);
  for (const format of ["pdf", "pptx", "xlsx"] as const) {
    start = performance.now();
    await renderReport(model, format);
    timings[format]!.push(performance.now() - start);
  }
}
await store.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const machine = `${execFileSync("uname", ["-m"], { encoding: "utf8" }).trim()}, ${cpus().length} CPUs (nproc ${execFileSync("nproc", { encoding: "utf8" }).trim()}), Node ${process.version}`;
const lines = [
  `Machine: ${machine}`,
  `Data: ${POSTS} posts on ${NETWORKS.length} networks over a year, 2,600 conversions, ${RUNS} runs (first one cold)`,
  "",
  "| step | median ms | max ms | goal |",
  "|---|---:|---:|---|",
  ...Object.entries(timings).map(
    ([step, values]) =>
      `| ${step === "model" ? "build the report model (all queries)" : `render ${step}`} | ${median(values).toFixed(0)} | ${Math.max(...values).toFixed(0)} | ${step === "model" ? "" : "< 2000"} |`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
