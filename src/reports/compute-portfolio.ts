import type { Role } from "../api/auth.js";
import type { PortfolioRow } from "../api/portfolio.js";
import { computeGoals } from "../goals/compute-goals.js";
import { dataPeriod, type Period } from "../period/data-period.js";
import { computeRoi } from "../roi/compute-roi.js";
import type { Store } from "../store/store.js";
import { findWorkspace } from "../store/workspaces.js";

/**
 * An agency's workspaces side by side for one period: each one's figures are the ROI report's total
 * and the goals' own status, as its overview shows them, never computed a second way.
 */
export async function computePortfolio(
  store: Store,
  memberships: readonly { id: string; role: Role }[],
  requested: Partial<Period>,
): Promise<PortfolioRow[]> {
  const rows: PortfolioRow[] = [];
  for (const { id, role } of memberships) {
    const workspace = await findWorkspace(store, id);
    if (!workspace) continue;
    const known = await dataPeriod(store, workspace);
    const period = { from: requested.from ?? known.from, to: requested.to ?? known.to };
    const { total } = await computeRoi(store, workspace, period, "network");
    // The overview's goals as at the period's last day, those whose own period meets this one.
    const goals = (await computeGoals(store, workspace, { at: period.to })).filter(
      (goal) => goal.period_start <= period.to && goal.period_end >= period.from,
    );
    rows.push({
      id,
      name: workspace.name,
      role,
      currency: workspace.currency,
      ...period,
      cost: total.cost,
      revenue: total.revenue,
      total_roi: total.total_roi,
      goals: {
        on_track: goals.filter((goal) => goal.on_track === true).length,
        off_track: goals.filter((goal) => goal.on_track === false).length,
        unknown: goals.filter((goal) => goal.on_track === null).length,
      },
    });
  }
  return rows;
}
