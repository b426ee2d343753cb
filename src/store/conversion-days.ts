import type { Store } from "./store.js";

/**
 * `conversion_days`: the conversions of each local day counted per network, campaign, post, type
 * and currency, with the sum of their absolute amounts. ROI reads leads, refunds and the outcomes
 * value rules count from it: a few thousand rows a year instead of every conversion (see
 * bench/README.md). Every write to `conversions` refreshes the days it touched, in its transaction.
 */
export const CONVERSION_DAYS_TABLE = `CREATE TABLE conversion_days (
  workspace_id VARCHAR NOT NULL, local_day DATE NOT NULL, network VARCHAR, campaign VARCHAR, post_id VARCHAR,
  type VARCHAR NOT NULL, currency VARCHAR, conversions BIGINT NOT NULL, amount DOUBLE
)`;

/** The rows of `conversion_days` for the conversions `where` selects. */
export function countConversionDaysSql(where: string): string {
  return `INSERT INTO conversion_days
  SELECT workspace_id, local_day, network, campaign, post_id, type, currency, count(*), sum(abs(value))
  FROM conversions WHERE ${where} GROUP BY ALL`;
}

/**
 * Which of a workspace's days to count again: one (YYYY-MM-DD), or those of the rows an import wrote
 * (`import_id`); all of them when not said.
 */
type ConversionDaysToCount = { day: string } | { importId: string };

/** Counts a workspace's conversions again: all its days, or those `only` names. */
export async function refreshConversionDays(
  store: Store,
  workspaceId: string,
  only?: ConversionDaysToCount,
): Promise<void> {
  const [days, narrowing] = !only
    ? ["", {}]
    : "day" in only
      ? [" AND local_day = CAST($day AS DATE)", { day: only.day }]
      : [
          " AND local_day IN (SELECT local_day FROM conversions WHERE workspace_id = $ws AND import_id = $import)",
          { import: only.importId },
        ];
  const where = `workspace_id = $ws${days}`;
  const params = { ws: workspaceId, ...narrowing };
  await store.run(`DELETE FROM conversion_days WHERE ${where}`, params);
  await store.run(countConversionDaysSql(where), params);
}
