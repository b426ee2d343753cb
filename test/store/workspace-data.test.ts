import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { costInputSchema } from "../../src/api/costs.js";
import { createCostEntry } from "../../src/costs/create-cost-entry.js";
import { CANONICAL_FORMATS } from "../../src/domain/canonical.js";
import type { Workspace } from "../../src/domain/workspace.js";
import { importFile } from "../../src/ingest/import-file.js";
import { dataPeriod } from "../../src/period/data-period.js";
import { saveBranding } from "../../src/reports/branding.js";
import { addSchedule } from "../../src/reports/schedules.js";
import { computeRoi } from "../../src/roi/compute-roi.js";
import { readEmbeddedSchema } from "../../src/store/cluster/embedded-schema.js";
import type { FileReadingStore } from "../../src/store/store.js";
import { deleteWorkspace, exportWorkspace } from "../../src/store/workspace-data.js";
import { createWorkspace, findWorkspace } from "../../src/store/workspaces.js";
import { createApiToken } from "../../src/tracking/api-tokens.js";
import { createLink } from "../../src/tracking/create-link.js";
import { forEachBackend } from "./backends.js";

/** Issue 18, data rights: a workspace exported whole imports again to the same figures, and is erased whole. */

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
/** Rates first: costs and sales in other currencies need them. */
const IMPORT_ORDER = [
  "currency_rates",
  "costs",
  "posts",
  "account_days",
  "conversions",
  "touchpoints",
  "traffic",
  "value_rules",
  "goals",
  "keyword_cpcs",
  "mentions",
];

const settings = { currency: "EUR", timezone: "Europe/Brussels", locale: "en" } as const;

/** A workspace with rows in as many tables as its doors fill: every example file, a link and its click, a token, a schedule, branding. */
async function filledWorkspace(store: FileReadingStore, name: string): Promise<Workspace> {
  const workspace = await createWorkspace(store, { name, ...settings });
  for (const format of IMPORT_ORDER)
    await importFile(store, workspace, { path: join(EXAMPLES, `${format}.csv`) });
  await createCostEntry(
    store,
    workspace.id,
    costInputSchema.parse({ date: "2026-03-10", category: "tools", amount: 19.5, currency: "EUR" }),
  );
  const { link } = await createLink(store, workspace.id, {
    url: "https://shop.example/",
    network: "facebook",
  });
  await store.run(
    `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at) VALUES ($id, $ws, $link, now())`,
    { id: `clk_${name}`, ws: workspace.id, link: link.id },
  );
  await createApiToken(store, workspace.id, { label: name });
  await addSchedule(store, workspace, { frequency: "weekly", recipients: ["boss@shop.example"] });
  await saveBranding(store, workspace.id, { company: name });
  return workspace;
}

/** Rows of the workspace in each table that has workspace rows (the table's name: its count). */
async function rowsPerTable(store: FileReadingStore, workspaceId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // The cluster's tables, and the counts by day the embedded database keeps (ClickHouse computes them).
  const tables = [
    ...(await readEmbeddedSchema()),
    { name: "conversion_days", columns: [{ name: "workspace_id" }] },
  ];
  for (const table of tables) {
    const column = table.name === "workspaces" ? "id" : "workspace_id";
    if (!table.columns.some((c) => c.name === column)) continue;
    const [row] = await store.all<{ n: bigint | number }>(
      `SELECT count(*) AS n FROM ${table.name} WHERE ${column} = $ws`,
      { ws: workspaceId },
    );
    counts[table.name] = Number(row?.n ?? 0);
  }
  return counts;
}

async function roiOf(store: FileReadingStore, workspace: Workspace) {
  const period = await dataPeriod(store, workspace);
  return {
    period,
    networks: (await computeRoi(store, workspace, period, "network")).rows,
    campaigns: (await computeRoi(store, workspace, period, "campaign")).rows,
  };
}

forEachBackend(
  "workspace data: exported in the import formats, a new workspace imports it to the same ROI",
  async (store) => {
    const original = await filledWorkspace(store, "Shop A");
    const zip = await JSZip.loadAsync(await exportWorkspace(store, original.id));
    const names = Object.keys(zip.files);
    for (const format of CANONICAL_FORMATS) assert.ok(names.includes(`${format.name}.csv`), format.name);
    assert.ok(names.includes("tables/links.csv") && names.includes("tables/clicks.csv"), names.join(" "));
    const links = await zip.file("tables/links.csv")!.async("string");
    assert.match(links, /^link_id,workspace_id,slug,destination,/);
    assert.match(links, /https:\/\/shop\.example\//);

    const copy = await createWorkspace(store, { name: "Shop A again", ...settings });
    const dir = await mkdtemp(join(tmpdir(), "socialroi-export-"));
    try {
      for (const format of IMPORT_ORDER) {
        const path = join(dir, `${format}.csv`);
        await writeFile(path, await zip.file(`${format}.csv`)!.async("nodebuffer"));
        await importFile(store, copy, { path, format });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const before = await roiOf(store, original);
    assert.ok(before.networks.length > 1, "the figures compared are not empty");
    assert.deepEqual(await roiOf(store, copy), before);
  },
);

forEachBackend(
  "workspace data: deleting a workspace leaves none of its rows in any table, and the others' all",
  async (store) => {
    const doomed = await filledWorkspace(store, "Shop A");
    const kept = await filledWorkspace(store, "Shop B");
    const doomedRows = await rowsPerTable(store, doomed.id);
    const filled = Object.entries(doomedRows)
      .filter(([, n]) => n > 0)
      .map(([table]) => table);
    // Enough tables hold its rows for "none left" to say something.
    for (const table of [
      "costs",
      "conversions",
      "conversion_days",
      "posts",
      "links",
      "clicks",
      "api_tokens",
      "report_schedules",
      "report_branding",
      "audit_log",
      "workspaces",
    ])
      assert.ok(filled.includes(table), `${table} holds rows of the workspace before`);
    const keptRows = await rowsPerTable(store, kept.id);

    await deleteWorkspace(store, doomed.id);
    const left = Object.entries(await rowsPerTable(store, doomed.id)).filter(([, n]) => n > 0);
    assert.deepEqual(left, [], "no table keeps a row of the deleted workspace");
    assert.equal(await findWorkspace(store, doomed.id), undefined);
    const [deliveries] = await store.all<{ n: bigint | number }>(
      "SELECT count(*) AS n FROM report_deliveries d JOIN report_schedules s USING (schedule_id) WHERE s.workspace_id = $ws",
      { ws: doomed.id },
    );
    assert.equal(Number(deliveries?.n ?? 0), 0);
    assert.deepEqual(await rowsPerTable(store, kept.id), keptRows, "the other workspace keeps every row");
  },
);
