import type { Workspace } from "../domain/workspace.js";
import type { Store } from "../store/store.js";

export interface Period {
  from: string;
  to: string;
}

/** The span the workspace has data for: the natural period when the user names none. */
export async function dataPeriod(store: Store, workspace: Workspace): Promise<Period> {
  const [row] = await store.all<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(d), '%Y-%m-%d') AS first, strftime(max(d), '%Y-%m-%d') AS last FROM (
       SELECT local_day AS d FROM posts WHERE workspace_id = $ws
       UNION ALL SELECT local_day FROM conversions WHERE workspace_id = $ws
       UNION ALL SELECT date FROM costs WHERE workspace_id = $ws
       UNION ALL SELECT coalesce(end_date, date) FROM costs WHERE workspace_id = $ws AND recurrence IS NULL
       UNION ALL SELECT date FROM account_days WHERE workspace_id = $ws)`,
    { ws: workspace.id },
  );
  const today = new Date().toISOString().slice(0, 10);
  return { from: row?.first ?? today, to: row?.last ?? today };
}

export function previousPeriod(period: Period): Period {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const days = Math.round((to - from) / 86_400_000) + 1;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(from - days * 86_400_000), to: day(from - 86_400_000) };
}
