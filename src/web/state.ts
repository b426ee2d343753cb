import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Workspace } from "../api/workspace.js";
import type { Access } from "./api.js";

/** The workspace and what this browser may do, shared by every page. */
export interface AppState {
  workspace: Workspace;
  setWorkspace: (workspace: Workspace) => void;
  access: Access;
  refreshAccess: () => void;
}

export const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error("useAppState outside AppStateContext");
  return state;
}
