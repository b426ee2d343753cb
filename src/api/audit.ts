import { z } from "zod";
import { dayField } from "../domain/input-bounds.js";

/** What an audit entry is about: the things people set and change by hand. */
export const AUDITED_OBJECTS = [
  "cost",
  "value_rule",
  "goal",
  "link",
  "link_domain",
  "member",
  "token",
  "workspace",
  "branding",
  "report_template",
  "smtp",
  "schedule",
  "lift_test",
  "sentiment_correction",
] as const;
export type AuditedObject = (typeof AUDITED_OBJECTS)[number];

export const AUDIT_ACTIONS = ["create", "update", "delete"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who made a change: a signed-in user, a token, the command line, or this machine's own work. */
export const ACTOR_KINDS = ["user", "token", "cli", "local"] as const;

export const auditQuerySchema = z.object({
  from: dayField.optional().describe("First day (YYYY-MM-DD, UTC); 30 days before `to` when absent"),
  to: dayField.optional().describe("Last day (YYYY-MM-DD, UTC), included; today when absent"),
});

const auditEntrySchema = z.object({
  audit_id: z.string().describe("The entry's id"),
  occurred_at: z.string().describe("When the change was made (ISO 8601, UTC)"),
  actor_kind: z
    .enum(ACTOR_KINDS)
    .describe("user, token, cli (the command line) or local (the server's own work)"),
  actor: z.string().describe("The user's e-mail address, the token's label (or id), or cli/local"),
  object_type: z.enum(AUDITED_OBJECTS).describe("What was changed"),
  object_id: z
    .string()
    .nullable()
    .describe("Its id (a member's user id); null for a workspace's one setting"),
  action: z.enum(AUDIT_ACTIONS).describe("What was done to it"),
  old_value: z.unknown().describe("The values before (JSON); null for a creation"),
  new_value: z.unknown().describe("The values after (JSON); null for a deletion"),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditLogSchema = z.object({
  from: z.string().describe("First day of the period (YYYY-MM-DD)"),
  to: z.string().describe("Last day of the period (YYYY-MM-DD), included"),
  entries: z.array(auditEntrySchema).describe("The workspace's changes in the period, newest first"),
});
export type AuditLog = z.infer<typeof auditLogSchema>;
