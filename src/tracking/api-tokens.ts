import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { newId } from "../domain/ids.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new workspace token; only its hash is stored, so it is shown once. */
export async function createApiToken(store: Store, workspaceId: string): Promise<string> {
  const token = `sr_${randomBytes(24).toString("base64url")}`;
  await store.run("INSERT INTO api_tokens (token_id, workspace_id, token_hash) VALUES ($id, $ws, $hash)", {
    id: newId("tok"),
    ws: workspaceId,
    hash: hashToken(token),
  });
  return token;
}

/** Parameters: $ws, $hash. */
const tokenInUse = defineQuery("tracking/api-token-in-use", z.object({ token_id: z.string() }), {
  duckdb:
    "SELECT token_id FROM api_tokens WHERE workspace_id = $ws AND token_hash = $hash AND revoked_at IS NULL",
});

export async function isValidApiToken(store: Store, workspaceId: string, token: string): Promise<boolean> {
  const rows = await runQuery(store, tokenInUse, { ws: workspaceId, hash: hashToken(token) });
  return rows.length > 0;
}

const activeTokens = defineQuery(
  "tracking/api-tokens",
  z.object({ token_id: z.string(), created_at: z.string() }),
  {
    duckdb: `SELECT token_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at FROM api_tokens t
       WHERE workspace_id = $ws AND revoked_at IS NULL ORDER BY t.created_at DESC`,
  },
);

/** The workspace's tokens in use, newest first (never the tokens themselves, which are not kept). */
export function listApiTokens(
  store: Store,
  workspaceId: string,
): Promise<{ token_id: string; created_at: string }[]> {
  return runQuery(store, activeTokens, { ws: workspaceId });
}

/** Parameters: $ws, $id. */
const revokeToken = defineQuery("tracking/revoke-api-token", z.object({ token_id: z.string() }), {
  duckdb: `UPDATE api_tokens SET revoked_at = now() WHERE workspace_id = $ws AND token_id = $id AND revoked_at IS NULL
     RETURNING token_id`,
});

/** Revokes a token in use; false when the workspace has none with that id. */
export async function revokeApiToken(store: Store, workspaceId: string, id: string): Promise<boolean> {
  const revoked = await runQuery(store, revokeToken, { ws: workspaceId, id });
  return revoked.length > 0;
}

/** The token of an `Authorization: Bearer TOKEN` header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}
