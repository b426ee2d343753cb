import { z } from "zod";
import { ACTOR_KINDS, AUDIT_ACTIONS, AUDITED_OBJECTS, type AuditEntry } from "../api/audit.js";
import type { Period } from "../api/common.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

const auditRowSchema = z.object({
  audit_id: z.string(),
  occurred_at: z.string(),
  actor_kind: z.enum(ACTOR_KINDS),
  actor: z.string(),
  object_type: z.enum(AUDITED_OBJECTS),
  object_id: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  old_value: z.string().nullable(),
  new_value: z.string().nullable(),
});

/** Parameters: $ws, $from, $to (days, UTC, both included). Newest first. */
const workspaceAuditEntries = defineQuery("audit/entries", auditRowSchema, {
  duckdb: `SELECT audit_id, strftime(timezone('UTC', occurred_at), '%Y-%m-%dT%H:%M:%SZ') AS occurred_at,
      actor_kind, actor, object_type, object_id, action,
      CAST(old_value AS VARCHAR) AS old_value, CAST(new_value AS VARCHAR) AS new_value
    FROM audit_log
    WHERE workspace_id = $ws
      AND CAST(timezone('UTC', occurred_at) AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    ORDER BY audit_log.occurred_at DESC, audit_id DESC`,
});

/** A workspace's audit log over a period of days (UTC). */
export async function listAuditEntries(
  store: Store,
  workspaceId: string,
  period: Period,
): Promise<AuditEntry[]> {
  const rows = await runQuery(store, workspaceAuditEntries, { ws: workspaceId, ...period });
  return rows.map((row) => ({
    ...row,
    old_value: row.old_value === null ? null : (JSON.parse(row.old_value) as unknown),
    new_value: row.new_value === null ? null : (JSON.parse(row.new_value) as unknown),
  }));
}

const DEFAULT_DAYS = 30;

/** The days asked for, the last 30 (UTC) where absent; undefined when `from` is after `to`. */
export function auditPeriod(query: {
  from?: string | undefined;
  to?: string | undefined;
}): Period | undefined {
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from =
    query.from ?? new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return from <= to ? { from, to } : undefined;
}
