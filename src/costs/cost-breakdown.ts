import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../roi/data-period.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { COST_LINES_SQL } from "./cost-lines.js";

export interface CategoryCost {
  category: string;
  amount: number;
}

/** Costs of the period per category (ads, tools, content, team, agency, other), in the reporting currency. */
export async function costsByCategory(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<CategoryCost[]> {
  return store.all<CategoryCost>(
    castDateParams(
      `WITH ${COST_LINES_SQL} SELECT category, round(sum(amount), 6) AS amount FROM cost_lines GROUP BY category ORDER BY amount DESC`,
      ["from", "to"],
    ),
    { ws: workspace.id, currency: workspace.currency, ...period },
  );
}
