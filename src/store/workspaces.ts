import { newId } from "../domain/ids.js";
import {
  DEFAULT_WORKSPACE,
  type Workspace,
  type WorkspaceInput,
  workspaceInputSchema,
} from "../domain/workspace.js";
import { refreshLocalDays } from "./local-days.js";
import type { Store } from "./store.js";

const COLUMNS =
  "id, name, currency, timezone, locale, allocation_rule, engagement_denominator, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at";

export async function createWorkspace(store: Store, input: WorkspaceInput): Promise<Workspace> {
  const parsed = workspaceInputSchema.parse(input);
  const id = newId("ws");
  const isFirst = (await store.all("SELECT 1 FROM workspaces LIMIT 1")).length === 0;
  await store.run(
    `INSERT INTO workspaces (id, name, currency, timezone, locale, allocation_rule, engagement_denominator, is_default)
     VALUES ($id, $name, $currency, $timezone, $locale, $allocation_rule, $engagement_denominator, $is_default)`,
    { id, ...parsed, is_default: isFirst },
  );
  return (await findWorkspace(store, id))!;
}

export async function findWorkspace(store: Store, id: string): Promise<Workspace | undefined> {
  const rows = await store.all<Workspace>(`SELECT ${COLUMNS} FROM workspaces WHERE id = $id`, { id });
  return rows[0];
}

export async function listWorkspaces(store: Store): Promise<Workspace[]> {
  return store.all<Workspace>(`SELECT ${COLUMNS} FROM workspaces ORDER BY created_at`);
}

/** The workspace commands act on: the default one, created with default settings when none exists. */
export async function defaultWorkspace(store: Store): Promise<Workspace> {
  const rows = await store.all<Workspace>(
    `SELECT ${COLUMNS} FROM workspaces ORDER BY is_default DESC, created_at LIMIT 1`,
  );
  return rows[0] ?? createWorkspace(store, DEFAULT_WORKSPACE);
}

export async function updateWorkspace(
  store: Store,
  id: string,
  changes: Partial<WorkspaceInput>,
): Promise<Workspace> {
  const current = await findWorkspace(store, id);
  if (!current) throw new Error(`No workspace ${id}`);
  const next = workspaceInputSchema.parse({ ...current, ...changes });
  await store.transaction(async () => {
    await store.run(
      `UPDATE workspaces SET name = $name, currency = $currency, timezone = $timezone, locale = $locale,
         allocation_rule = $allocation_rule, engagement_denominator = $engagement_denominator WHERE id = $id`,
      { id, ...next },
    );
    if (next.timezone !== current.timezone) await refreshLocalDays(store, { id, timezone: next.timezone });
  });
  return (await findWorkspace(store, id))!;
}

/** Makes a workspace the one commands act on. */
export async function setDefaultWorkspace(store: Store, id: string): Promise<void> {
  await store.run("UPDATE workspaces SET is_default = (id = $id)", { id });
}
