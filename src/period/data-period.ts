import { z } from "zod";
import type { Period } from "../api/common.js";
import type { Workspace } from "../domain/workspace.js";
import { defineQuery, runQueryForOne } from "../store/query.js";
import type { Store } from "../store/store.js";

/** Periods are part of the API's contract: defined there, named here for the figures. */
export { type Period, previousPeriod } from "../api/common.js";

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The first and last day with data, over everything dated. Parameters: $ws. */
const dataSpan = defineQuery("period/data-span", z.object({ first: DAY.nullable(), last: DAY.nullable() }), {
  duckdb: `SELECT strftime(min(d), '%Y-%m-%d') AS first, strftime(max(d), '%Y-%m-%d') AS last FROM (
       SELECT local_day AS d FROM posts WHERE workspace_id = $ws
       UNION ALL SELECT local_day FROM conversions WHERE workspace_id = $ws
       UNION ALL SELECT date FROM costs WHERE workspace_id = $ws
       UNION ALL SELECT coalesce(end_date, date) FROM costs WHERE workspace_id = $ws AND recurrence IS NULL
       UNION ALL SELECT date FROM account_days WHERE workspace_id = $ws)`,
});

/** The span the workspace has data for: the natural period when the user names none. */
export async function dataPeriod(store: Store, workspace: Workspace): Promise<Period> {
  const span = await runQueryForOne(store, dataSpan, { ws: workspace.id });
  const today = new Date().toISOString().slice(0, 10);
  return { from: span.first ?? today, to: span.last ?? today };
}
