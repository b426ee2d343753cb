import { refreshConversionDays } from "./conversion-days.js";
import type { Store } from "./store.js";

/**
 * Tables whose rows store `local_day`, the day of their instant in the workspace's time zone, and
 * the column of that instant. Reports bucket these rows by day, month and value-rule validity, and
 * converting a million instants to a time zone costs more than the rest of an ROI query, so it is
 * done once when rows are written (and again when the workspace's time zone changes).
 */
export const LOCAL_DAY_INSTANTS: Readonly<Record<string, string>> = {
  posts: "published_at",
  conversions: "occurred_at",
};

/**
 * The local day of an instant, with the time zone bound as `$tz`. In UTC the day is the instant's
 * own date, read without a time zone conversion.
 */
export function localDaySql(instant: string, timezone: string): string {
  return timezone === "UTC"
    ? `CAST(make_timestamp(epoch_us(${instant})) AS DATE)`
    : `CAST(timezone($tz, ${instant}) AS DATE)`;
}

/** Recomputes the local days of a workspace's rows, after its time zone changed, and the counts by day. */
export async function refreshLocalDays(
  store: Store,
  workspace: { id: string; timezone: string },
): Promise<void> {
  for (const [table, instant] of Object.entries(LOCAL_DAY_INSTANTS)) {
    await store.run(
      `UPDATE ${table} SET local_day = ${localDaySql(instant, workspace.timezone)} WHERE workspace_id = $ws`,
      { ws: workspace.id, tz: workspace.timezone },
    );
  }
  await refreshConversionDays(store, workspace.id);
}
