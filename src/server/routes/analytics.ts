import { z } from "zod";
import { dayField } from "../../domain/input-bounds.js";
import { ALLOCATION_RULES } from "../../domain/workspace.js";
import { computeGoals } from "../../goals/compute-goals.js";
import { METRICS } from "../../metrics/catalogue.js";
import { computeFunnel } from "../../roi/compute-funnel.js";
import { computeRoi } from "../../roi/compute-roi.js";
import { dataPeriod } from "../../roi/data-period.js";
import { ROI_LEVELS } from "../../roi/roi-query.js";
import { TOKEN } from "../access.js";
import type { AppContext, RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";

export const periodQuerySchema = z.object({ from: dayField.optional(), to: dayField.optional() });
const roiQuerySchema = periodQuerySchema.extend({
  by: z.enum(ROI_LEVELS).default("network"),
  allocation: z.enum(ALLOCATION_RULES).optional(),
});

export async function resolvePeriod(context: AppContext, query: { from?: string; to?: string }) {
  const known = await dataPeriod(context.store, context.workspace);
  return { from: query.from ?? known.from, to: query.to ?? known.to };
}

export const analyticsRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/roi", TOKEN, async (request, reply) => {
    const query = parseQuery(roiQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    return computeRoi(context.store, context.workspace, period, query.by, query.allocation);
  });
  app.get("/api/funnel", TOKEN, async (request, reply) => {
    const query = parseQuery(periodQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    return { ...period, ...(await computeFunnel(context.store, context.workspace, period)) };
  });
  app.get("/api/goals", TOKEN, async (request, reply) => {
    const query = parseQuery(z.object({ at: dayField.optional() }), request.query, reply);
    if (!query) return reply;
    return { goals: await computeGoals(context.store, context.workspace, query) };
  });
  app.get("/api/metrics", TOKEN, async () => ({ metrics: METRICS }));
  app.get("/api/workspace", TOKEN, async () => context.workspace);
};
