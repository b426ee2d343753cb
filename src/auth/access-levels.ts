import type { Role, TokenScope, WorkspaceLevel } from "../api/auth.js";

/**
 * Who may do what in a workspace: the one table the server decides every request with. Owners and
 * admins manage members, settings and tokens, and owners alone delete the workspace; editors change
 * data (imports, costs, rules, goals, links) and record conversions; viewers read everything;
 * clients see the reports and overview.
 */
export const ROLE_LEVELS: Record<Role, readonly WorkspaceLevel[]> = {
  owner: ["report", "read", "write", "track", "manage", "own"],
  admin: ["report", "read", "write", "track", "manage"],
  editor: ["report", "read", "write", "track"],
  viewer: ["report", "read"],
  client: ["report"],
};

/** What a token's scopes open, in its one workspace. */
export const SCOPE_LEVELS: Record<TokenScope, readonly WorkspaceLevel[]> = {
  read: ["report", "read"],
  write: ["report", "read", "write"],
  track: ["track"],
  manage: ["report", "read", "write", "track", "manage"],
};
