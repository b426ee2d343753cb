import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { COST_LINES_SQL } from "./cost-lines.js";

const categoryCost = z.object({ category: z.string(), amount: z.number() });
export type CategoryCost = z.infer<typeof categoryCost>;

/** Parameters: $ws, $currency, $from, $to. */
const costsByCategoryQuery = defineQuery("costs/by-category", categoryCost, {
  duckdb: castDateParams(
    `WITH ${COST_LINES_SQL} SELECT category, round(sum(amount), 6) AS amount FROM cost_lines GROUP BY category ORDER BY amount DESC`,
    ["from", "to"],
  ),
});

/** Costs of the period per category (ads, tools, content, team, agency, other), in the reporting currency. */
export function costsByCategory(store: Store, workspace: Workspace, period: Period): Promise<CategoryCost[]> {
  return runQuery(store, costsByCategoryQuery, { ws: workspace.id, currency: workspace.currency, ...period });
}
