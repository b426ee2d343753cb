import { periodQuerySchema } from "../../api/common.js";
import { type Cost, costInputSchema } from "../../api/costs.js";
import { ApiFailure } from "../../api/errors.js";
import { costsByCategory } from "../../costs/cost-breakdown.js";
import { findCostEntry, listCostEntries } from "../../costs/cost-entries.js";
import { createCostEntry } from "../../costs/create-cost-entry.js";
import { deleteCostEntry } from "../../costs/delete-cost-entry.js";
import { updateCostEntry } from "../../costs/update-cost-entry.js";
import { TOKEN } from "../access.js";
import type { AppContext, RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";
import { requireRate } from "./manage-common.js";

type ById = { Params: { id: string } };

async function existingCost(context: AppContext, id: string): Promise<Cost> {
  const cost = await findCostEntry(context.store, context.workspace.id, id);
  if (!cost) throw new ApiFailure("not_found", `No cost ${id}`);
  return cost;
}

/** Cost entries typed in the dashboard, next to the imported ones (both can be edited). */
export const manageCostRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/costs", TOKEN, async () => ({
    costs: await listCostEntries(context.store, context.workspace.id),
  }));

  app.get("/api/costs/by-category", TOKEN, async (request) => {
    const period = await resolvePeriod(context, parseQuery(periodQuerySchema, request.query));
    return {
      ...period,
      currency: context.workspace.currency,
      categories: await costsByCategory(context.store, context.workspace, period),
    };
  });

  const validCost = async (body: unknown) => {
    const cost = parseBody(costInputSchema, body);
    await requireRate(context, cost.currency, cost.date);
    return cost;
  };

  app.post("/api/costs", TOKEN, async (request, reply) => {
    const cost = await validCost(request.body);
    return reply.status(201).send(await createCostEntry(context.store, context.workspace.id, cost));
  });

  app.put<ById>("/api/costs/:id", TOKEN, async (request) => {
    await existingCost(context, request.params.id);
    const cost = await validCost(request.body);
    await updateCostEntry(context.store, context.workspace.id, request.params.id, cost);
    return existingCost(context, request.params.id);
  });

  app.delete<ById>("/api/costs/:id", TOKEN, async (request) => {
    await existingCost(context, request.params.id);
    await deleteCostEntry(context.store, context.workspace.id, request.params.id);
    return { deleted: request.params.id };
  });
};
