import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Workspace } from "../../src/domain/workspace.js";
import { importFile } from "../../src/ingest/import-file.js";
import type { FileReadingStore } from "../../src/store/store.js";

const MENTION_HEADER = "mention_id,occurred_at,network,author,text,replied_at,resolved,language";

/** Imports `rows` (under MENTION_HEADER) into the workspace as a mentions file, as a user would. */
export async function importMentions(
  store: FileReadingStore,
  workspace: Workspace,
  rows: readonly string[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "socialroi-mentions-"));
  try {
    // The file's name says its format.
    const path = join(dir, "mentions.csv");
    writeFileSync(path, [MENTION_HEADER, ...rows].join("\n"));
    await importFile(store, workspace, { path });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
