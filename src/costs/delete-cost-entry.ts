import type { Store } from "../store/store.js";

/** Removes a cost entry; removing one the workspace does not have changes nothing. */
export async function deleteCostEntry(store: Store, workspaceId: string, id: string): Promise<void> {
  await store.run("DELETE FROM costs WHERE workspace_id = $ws AND cost_id = $id", { ws: workspaceId, id });
}
