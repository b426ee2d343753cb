import { periodQuerySchema } from "../../api/common.js";
import { type Cost, costInputSchema } from "../../api/costs.js";
import { ApiFailure } from "../../api/errors.js";
import { costsByCategory } from "../../costs/cost-breakdown.js";
import { findCostEntry, listCostEntries } from "../../costs/cost-entries.js";
import { createCostEntry } from "../../costs/create-cost-entry.js";
import { deleteCostEntry } from "../../costs/delete-cost-entry.js";
import { updateCostEntry } from "../../costs/update-cost-entry.js";
import type { Workspace } from "../../domain/workspace.js";
import type { Store } from "../../store/store.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";
import { requireRate } from "./manage-common.js";

type ById = { Params: { id: string } };

async function existingCost(store: Store, workspace: Workspace, id: string): Promise<Cost> {
  const cost = await findCostEntry(store, workspace.id, id);
  if (!cost) throw new ApiFailure("not_found", `No cost ${id}`);
  return cost;
}

async function validCost(store: Store, workspace: Workspace, body: unknown) {
  const cost = parseBody(costInputSchema, body);
  await requireRate(store, workspace, cost.currency, cost.date);
  return cost;
}

/** Cost entries typed in the dashboard, next to the imported ones (both can be edited). */
export const manageCostRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/costs", ACCESS.read, async ({ workspace }) => ({
    costs: await listCostEntries(store, workspace.id),
  }));

  app.get("/api/costs/by-category", ACCESS.read, async ({ query, workspace }) => {
    const period = await resolvePeriod(store, workspace, parseQuery(periodQuerySchema, query));
    return {
      ...period,
      currency: workspace.currency,
      categories: await costsByCategory(store, workspace, period),
    };
  });

  app.post("/api/costs", ACCESS.write, async ({ body, workspace }, reply) => {
    const cost = await validCost(store, workspace, body);
    return reply.status(201).send(await createCostEntry(store, workspace.id, cost));
  });

  app.put<ById>("/api/costs/:id", ACCESS.write, async ({ body, params, workspace }) => {
    await existingCost(store, workspace, params.id);
    const cost = await validCost(store, workspace, body);
    await updateCostEntry(store, workspace.id, params.id, cost);
    return existingCost(store, workspace, params.id);
  });

  app.delete<ById>("/api/costs/:id", ACCESS.write, async ({ params, workspace }) => {
    await existingCost(store, workspace, params.id);
    await deleteCostEntry(store, workspace.id, params.id);
    return { deleted: params.id };
  });
};
