import type { FileReadingStore } from "../store/store.js";

/** The columns of a click log, in order: a click of a link named by its slug. */
export const CLICK_LOG_HEADER = [
  "click_id",
  "slug",
  "occurred_at",
  "device",
  "browser",
  "os",
  "referrer_domain",
  "country",
] as const;

/**
 * Clicks from a click log (a CSV with `CLICK_LOG_HEADER`, as the demo generates), each click once:
 * clicks come from the redirect, and a log of them is replayed here rather than imported as data,
 * so that a log read twice adds nothing. Clicks of a slug with no link are left out.
 */
export async function importClickLog(
  store: FileReadingStore,
  workspaceId: string,
  path: string,
): Promise<void> {
  const columns = CLICK_LOG_HEADER.map(
    (c) => `'${c}': '${c === "occurred_at" ? "TIMESTAMPTZ" : "VARCHAR"}'`,
  ).join(", ");
  await store.run(
    `INSERT INTO clicks (click_id, workspace_id, link_id, occurred_at, device, browser, os, referrer_domain, country)
     SELECT c.click_id, $ws, l.link_id, c.occurred_at, c.device, c.browser, c.os, c.referrer_domain, c.country
     FROM read_csv($clicks_path, header = true, columns = {${columns}}) c
     JOIN links l ON l.workspace_id = $ws AND l.slug = c.slug
     WHERE NOT EXISTS (SELECT 1 FROM clicks k WHERE k.workspace_id = $ws AND k.click_id = c.click_id)`,
    { ws: workspaceId, clicks_path: path },
  );
}
