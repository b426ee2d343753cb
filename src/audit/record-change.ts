import type { AuditAction, AuditedObject } from "../api/audit.js";
import { newId } from "../domain/ids.js";
import type { Store } from "../store/store.js";
import { type Actor, currentActor } from "./actor.js";

export interface Change {
  workspaceId: string;
  object: AuditedObject;
  /** The object's id; undefined for a workspace's single setting (its branding, its SMTP server). */
  objectId: string | undefined;
  /** The object as it was (undefined: it is created) and as it is (undefined: it is deleted). */
  before: object | undefined;
  after: object | undefined;
}

/** Values an audit entry never holds: secrets, which anyone reading the log would learn. */
const SECRET_KEYS = new Set(["password", "pass", "secret", "token_hash"]);
/** Values too big to repeat in every entry: said by their size. */
const BULKY_KEYS = new Set(["logo_base64", "base64"]);

function loggedValue(value: object | undefined): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value, (key, field: unknown) => {
    if (SECRET_KEYS.has(key) && field !== null && field !== undefined) return "(hidden)";
    if (BULKY_KEYS.has(key) && typeof field === "string") return `(${field.length} characters)`;
    return field;
  });
}

function actorName(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.email;
    case "token":
      return actor.label;
    default:
      return actor.kind;
  }
}

/**
 * Records a change in its workspace's audit log, by whoever the door says acts (actor.ts). Called
 * by the operation that makes the change, inside its transaction: the entry is kept exactly when
 * the change is. An update that changed nothing is no change and leaves no entry.
 */
export async function recordChange(store: Store, change: Change): Promise<void> {
  const oldValue = loggedValue(change.before);
  const newValue = loggedValue(change.after);
  const action: AuditAction =
    change.before === undefined ? "create" : change.after === undefined ? "delete" : "update";
  if (action === "update" && oldValue === newValue) return;
  const actor = currentActor();
  await store.run(
    `INSERT INTO audit_log (audit_id, workspace_id, occurred_at, actor_kind, actor, object_type, object_id, action, old_value, new_value)
     VALUES ($id, $ws, now(), $actor_kind, $actor, $object_type, $object_id, $action, CAST($old_value AS JSON), CAST($new_value AS JSON))`,
    {
      id: newId("aud"),
      ws: change.workspaceId,
      actor_kind: actor.kind,
      actor: actorName(actor),
      object_type: change.object,
      object_id: change.objectId ?? null,
      action,
      old_value: oldValue,
      new_value: newValue,
    },
  );
}
