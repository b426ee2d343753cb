import JSZip from "jszip";
import { z } from "zod";
import { CANONICAL_FORMATS } from "../domain/canonical.js";
import { readEmbeddedSchema, type TableShape } from "./cluster/embedded-schema.js";
import { refreshConversionDays } from "./conversion-days.js";
import { defineQuery, runQuery } from "./query.js";
import { webhookSecretName } from "./secret-file.js";
import { quoteIdent } from "./sql-text.js";
import type { Store } from "./store.js";

/**
 * A workspace's data as a whole: exported, or erased. These act on every table the schema has with
 * a `workspace_id`, read from the migrated schema itself rather than listed here, so that a table a
 * later migration adds is exported and erased without anyone remembering to (the store owns the
 * schema, as it runs the migrations).
 */

let shapes: Promise<TableShape[]> | undefined;

/** The tables holding rows of a workspace, in the embedded schema (the cluster's is derived from it). */
function workspaceTables(): Promise<TableShape[]> {
  shapes ??= readEmbeddedSchema().then((tables) =>
    tables.filter((table) => table.columns.some((column) => column.name === "workspace_id")),
  );
  return shapes;
}

/** A column as text the import formats read: days, UTC instants to the millisecond, JSON as written. */
function asText(name: string, type: string): string {
  const column = quoteIdent(name);
  switch (type) {
    case "DATE":
      return `strftime(${column}, '%Y-%m-%d')`;
    case "TIMESTAMP WITH TIME ZONE":
      return `strftime(timezone('UTC', ${column}), '%Y-%m-%dT%H:%M:%S.%gZ')`;
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}

function csvField(value: string | null): string {
  if (value === null) return "";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const textRow = z.record(z.string(), z.string().nullable());

/**
 * One table's rows of the workspace as CSV. Nothing is prefixed against spreadsheet formulas: the
 * file is meant to be imported again as it is.
 */
async function tableCsv(store: Store, table: TableShape, columns: string[], workspaceId: string) {
  const types = new Map(table.columns.map((column) => [column.name, column.type]));
  const select = columns.map((name) => `${asText(name, types.get(name)!)} AS ${quoteIdent(name)}`);
  const query = defineQuery(`store/export-${table.name}`, textRow, {
    duckdb: `SELECT ${select.join(", ")} FROM ${quoteIdent(table.name)} WHERE workspace_id = $ws`,
  });
  const rows = await runQuery(store, query, { ws: workspaceId });
  const lines = [
    columns.join(","),
    ...rows.map((row) => columns.map((c) => csvField(row[c] ?? null)).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Every row of the workspace in one zip: each table with all its columns under `tables/`, and each
 * table that has an import format once more in that format at the top (`costs.csv`,
 * `conversions.csv`, …), which `socialroi import` reads back into a workspace.
 */
export async function exportWorkspace(store: Store, workspaceId: string): Promise<Buffer> {
  const zip = new JSZip();
  for (const table of await workspaceTables()) {
    const all = table.columns.map((column) => column.name);
    zip.file(`tables/${table.name}.csv`, await tableCsv(store, table, all, workspaceId));
    const format = CANONICAL_FORMATS.find((candidate) => candidate.table === table.name);
    if (format) {
      const columns = format.columns.map((column) => column.name);
      zip.file(`${format.name}.csv`, await tableCsv(store, table, columns, workspaceId));
    }
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Parameters: $ws. */
const workspaceSchedules = defineQuery("store/workspace-schedules", z.object({ schedule_id: z.string() }), {
  duckdb: "SELECT schedule_id FROM report_schedules WHERE workspace_id = $ws",
});

/**
 * Removes a workspace and every row of every table that belongs to it, in one transaction: its
 * schedules' deliveries (kept by schedule), its day counts and its webhook secrets (kept beside the
 * database) with them; then what deleting only hid is erased for good (Store.eraseDeletedWorkspace).
 */
export async function deleteWorkspace(store: Store, workspaceId: string): Promise<void> {
  const tables = await workspaceTables();
  const params = { ws: workspaceId };
  await store.transaction(async () => {
    const schedules = (await runQuery(store, workspaceSchedules, params)).map((row) => row.schedule_id);
    if (schedules.length > 0)
      await store.run("DELETE FROM report_deliveries WHERE list_contains($ids, schedule_id)", {
        ids: schedules,
      });
    for (const table of tables)
      await store.run(`DELETE FROM ${quoteIdent(table.name)} WHERE workspace_id = $ws`, params);
    await refreshConversionDays(store, workspaceId);
    await store.run("DELETE FROM workspaces WHERE id = $ws", params);
  });
  await store.eraseDeletedWorkspace(workspaceId);
  const secrets = store.secrets.names(webhookSecretName(workspaceId, ""));
  if (secrets.length > 0) store.secrets.update(secrets.map((name): [string, undefined] => [name, undefined]));
}
