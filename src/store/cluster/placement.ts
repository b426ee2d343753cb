import { CANONICAL_FORMATS } from "../../domain/canonical.js";

/**
 * Which embedded table lives where in the cluster mode. Events — what tracking and imports add by
 * the million and only append or replace by key — go to ClickHouse; everything people set and
 * change (workspaces, links, tokens, costs, rules, goals, report settings) to PostgreSQL, where
 * transactions and upserts are.
 */
const IMPORTED_EVENT_TABLES = ["posts", "account_days", "conversions", "touchpoints", "traffic", "mentions"];

/** Each event table's key: a row imported again with the same key replaces the earlier one. */
export const EVENT_TABLE_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ["clicks", ["click_id"]],
  // Descriptions of the user agents of clicks stored without one: added as clicks are, never changed.
  ["user_agents", ["agent"]],
  ...CANONICAL_FORMATS.filter((format) => IMPORTED_EVENT_TABLES.includes(format.table)).map(
    (format): [string, readonly string[]] => [format.table, format.naturalKey],
  ),
]);

/** The columns that identify an event row: its workspace, then the table's key. */
export function eventRowKey(table: string): string[] {
  return ["workspace_id", ...(EVENT_TABLE_KEYS.get(table) ?? [])];
}

/**
 * Tables of the embedded database that have no place in the cluster: its own bookkeeping, and
 * `conversion_days`, which ClickHouse computes from `conversions` when asked instead of storing it.
 */
export const EMBEDDED_ONLY_TABLES: ReadonlySet<string> = new Set([
  "schema_migrations",
  "file_rewrite_pending",
  "conversion_days",
]);
