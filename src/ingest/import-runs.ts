import { type ImportRun, importRunSchema } from "../api/imports.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

/** The latest imports of the workspace, with the file's name alone (not the folder it was read from). Parameters: $ws. */
const latestImports = defineQuery("ingest/import-runs", importRunSchema, {
  duckdb: `SELECT import_id, regexp_extract(file, '[^/\\\\]+$') AS file, format, rows_read, inserted, updated, unchanged,
         strftime(imported_at, '%Y-%m-%dT%H:%M:%SZ') AS imported_at
       FROM import_runs r WHERE workspace_id = $ws ORDER BY r.imported_at DESC LIMIT 50`,
});

export function listImportRuns(store: Store, workspaceId: string): Promise<ImportRun[]> {
  return runQuery(store, latestImports, { ws: workspaceId });
}
