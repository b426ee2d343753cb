import { createHash, randomBytes } from "node:crypto";
import { newId } from "../domain/ids.js";
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

export async function isValidApiToken(store: Store, workspaceId: string, token: string): Promise<boolean> {
  const rows = await store.all(
    "SELECT 1 FROM api_tokens WHERE workspace_id = $ws AND token_hash = $hash AND revoked_at IS NULL",
    { ws: workspaceId, hash: hashToken(token) },
  );
  return rows.length > 0;
}

/** The token of an `Authorization: Bearer TOKEN` header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}
