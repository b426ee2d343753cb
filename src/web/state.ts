import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { WorkspaceLevel } from "../api/auth.js";
import type { Workspace } from "../api/workspace.js";
import type { Access } from "./api.js";

/** The workspace and what this browser may do, shared by every page. */
export interface AppState {
  workspace: Workspace;
  setWorkspace: (workspace: Workspace) => void;
  access: Access;
  refreshAccess: () => void;
  /** Opens another of the signed-in user's workspaces, remembered for their next visit. */
  switchWorkspace: (id: string) => Promise<void>;
}

export const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error("useAppState outside AppStateContext");
  return state;
}

/** Whether the caller may do this in the workspace shown: controls they may not use are not shown. */
export function useCan(level: WorkspaceLevel): boolean {
  return useAppState().access.levels.includes(level);
}
