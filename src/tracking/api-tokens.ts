import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { TOKEN_SCOPES, type TokenScope } from "../api/auth.js";
import { recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface ApiTokenOptions {
  label?: string | undefined;
  /** Every scope when absent. */
  scopes?: readonly TokenScope[] | undefined;
  /** ISO 8601; the token works for good when absent. */
  expiresAt?: string | undefined;
}

/** A new token of one workspace; only its hash is stored, so it is shown once. */
export async function createApiToken(
  store: Store,
  workspaceId: string,
  options: ApiTokenOptions = {},
): Promise<string> {
  const token = `sr_${randomBytes(24).toString("base64url")}`;
  const id = newId("tok");
  await store.transaction(async () => {
    await store.run(
      `INSERT INTO api_tokens (token_id, workspace_id, token_hash, label, scopes, expires_at)
       VALUES ($id, $ws, $hash, $label, $scopes, $expires)`,
      {
        id,
        ws: workspaceId,
        hash: hashToken(token),
        label: options.label ?? null,
        scopes: [...new Set(options.scopes ?? TOKEN_SCOPES)].join(" "),
        expires: options.expiresAt ?? null,
      },
    );
    const after = await findTokenListing(store, workspaceId, id);
    await recordChange(store, { workspaceId, object: "token", objectId: id, before: undefined, after });
  });
  return token;
}

/** Stored space-separated; tokens made before scopes existed have none and open everything, as they did. */
const scopesColumn = z
  .string()
  .nullable()
  .transform((scopes) =>
    scopes === null ? [...TOKEN_SCOPES] : z.array(z.enum(TOKEN_SCOPES)).parse(scopes.split(" ")),
  );

const tokenInUseSchema = z.object({
  token_id: z.string(),
  workspace_id: z.string(),
  label: z.string().nullable(),
  scopes: scopesColumn,
});
export type TokenInUse = z.infer<typeof tokenInUseSchema>;

/** Parameters: $hash. Revoked and expired tokens are no longer found: they stop working at once. */
const tokenInUse = defineQuery("tracking/api-token-in-use", tokenInUseSchema, {
  duckdb: `SELECT token_id, workspace_id, label, scopes FROM api_tokens
    WHERE token_hash = $hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
});

/** The token's workspace and scopes, while it works. */
export async function findApiToken(store: Store, token: string): Promise<TokenInUse | undefined> {
  const [found] = await runQuery(store, tokenInUse, { hash: hashToken(token) });
  return found;
}

/** Whether the token works in this workspace. */
export async function isValidApiToken(store: Store, workspaceId: string, token: string): Promise<boolean> {
  return (await findApiToken(store, token))?.workspace_id === workspaceId;
}

const tokenListing = z.object({
  token_id: z.string(),
  label: z.string().nullable(),
  scopes: scopesColumn,
  created_at: z.string(),
  expires_at: z.string().nullable(),
});

const LISTING_COLUMNS = `token_id, label, scopes, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
  strftime(expires_at, '%Y-%m-%dT%H:%M:%SZ') AS expires_at`;

const activeTokens = defineQuery("tracking/api-tokens", tokenListing, {
  duckdb: `SELECT ${LISTING_COLUMNS} FROM api_tokens t
     WHERE workspace_id = $ws AND revoked_at IS NULL ORDER BY t.created_at DESC`,
});

/** Parameters: $ws, $id. */
const tokenById = defineQuery("tracking/api-token", tokenListing, {
  duckdb: `SELECT ${LISTING_COLUMNS} FROM api_tokens WHERE workspace_id = $ws AND token_id = $id AND revoked_at IS NULL`,
});

async function findTokenListing(store: Store, workspaceId: string, id: string) {
  const [token] = await runQuery(store, tokenById, { ws: workspaceId, id });
  return token;
}

/** The workspace's tokens not revoked, newest first (never the tokens themselves, which are not kept). */
export function listApiTokens(store: Store, workspaceId: string): Promise<z.infer<typeof tokenListing>[]> {
  return runQuery(store, activeTokens, { ws: workspaceId });
}

/** Parameters: $ws, $id. */
const revokeToken = defineQuery("tracking/revoke-api-token", z.object({ token_id: z.string() }), {
  duckdb: `UPDATE api_tokens SET revoked_at = now() WHERE workspace_id = $ws AND token_id = $id AND revoked_at IS NULL
     RETURNING token_id`,
});

/** Revokes a token in use; false when the workspace has none with that id. */
export async function revokeApiToken(store: Store, workspaceId: string, id: string): Promise<boolean> {
  return store.transaction(async () => {
    const before = await findTokenListing(store, workspaceId, id);
    const revoked = await runQuery(store, revokeToken, { ws: workspaceId, id });
    if (revoked.length === 0) return false;
    await recordChange(store, { workspaceId, object: "token", objectId: id, before, after: undefined });
    return true;
  });
}

/** The token of an `Authorization: Bearer TOKEN` header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}
