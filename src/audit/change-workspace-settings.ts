import type { Workspace, WorkspaceInput } from "../domain/workspace.js";
import type { Store } from "../store/store.js";
import { findWorkspace, updateWorkspace } from "../store/workspaces.js";
import { recordChange } from "./record-change.js";

/**
 * A workspace's settings changed and logged in one transaction. The workspaces table is the
 * store's, which sits below the audit log and cannot call it: every door changes settings here.
 */
export function changeWorkspaceSettings(
  store: Store,
  id: string,
  changes: Partial<WorkspaceInput>,
): Promise<Workspace> {
  return store.transaction(async () => {
    const before = await findWorkspace(store, id);
    const after = await updateWorkspace(store, id, changes);
    await recordChange(store, { workspaceId: id, object: "workspace", objectId: id, before, after });
    return after;
  });
}
