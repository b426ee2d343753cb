import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";
import type { Workspace } from "../../src/domain/workspace.js";
import { type ImportReport, type ImportRequest, importFile } from "../../src/ingest/import-file.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace } from "../../src/store/workspaces.js";
import { CONVERSION_HEADER } from "../helpers.js";

export const NATIVE_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "native");
export const SHARED_DATA = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data");

export function fixture(name: string): string {
  return join(NATIVE_FIXTURES, name);
}

/**
 * A writer of canonical conversion files (`name`, data rows) into a folder of the test file's own,
 * removed when its tests are done.
 */
export function conversionFiles(prefix: string): (name: string, rows: string[]) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return (name, rows) => {
    const path = join(dir, name);
    writeFileSync(path, `${[CONVERSION_HEADER, ...rows].join("\n")}\n`);
    return path;
  };
}

export interface Session {
  store: DuckDbStore;
  workspace: Workspace;
  importPath(path: string, request?: Omit<ImportRequest, "path">): Promise<ImportReport>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export async function openSession(): Promise<Session> {
  const store = await DuckDbStore.open(":memory:");
  const workspace = await defaultWorkspace(store);
  return {
    store,
    workspace,
    importPath: (path, request = {}) => importFile(store, workspace, { ...request, path }),
    rows: (sql) => store.all(sql),
  };
}

/** Every stored row of the tables imports write, for before/after comparisons. */
export async function snapshot(session: Session): Promise<string> {
  const tables = [
    "posts",
    "account_days",
    "costs",
    "conversions",
    "traffic",
    "keyword_cpcs",
    "customer_first_clicks",
  ];
  const parts: unknown[] = [];
  for (const table of tables) {
    parts.push(await session.rows(`SELECT * EXCLUDE (workspace_id) FROM ${table} ORDER BY ALL`));
  }
  return JSON.stringify(parts, (_, v) => (typeof v === "bigint" ? String(v) : v));
}
