import type { AuditEntry } from "../../api/audit.js";
import { neutraliseText } from "./spreadsheet-safety.js";

const COLUMNS = [
  "occurred_at",
  "actor_kind",
  "actor",
  "object_type",
  "object_id",
  "action",
  "old_value",
  "new_value",
] as const;

function csvField(value: unknown): string {
  const text = neutraliseText(
    typeof value === "string" ? value : value === null ? "" : JSON.stringify(value),
  );
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The audit log as one CSV line per change, the values before and after as JSON, newest first. */
export function renderAuditCsv(entries: readonly AuditEntry[]): Buffer {
  const lines = [
    COLUMNS.join(","),
    ...entries.map((entry) => COLUMNS.map((c) => csvField(entry[c])).join(",")),
  ];
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  return Buffer.from(`\ufeff${lines.join("\r\n")}\r\n`, "utf8");
}
