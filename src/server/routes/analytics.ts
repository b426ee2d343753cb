import { goalsQuerySchema, roiQuerySchema } from "../../api/analytics.js";
import { periodQuerySchema } from "../../api/common.js";
import { computeGoals } from "../../goals/compute-goals.js";
import { METRICS } from "../../metrics/catalogue.js";
import { dataPeriod } from "../../period/data-period.js";
import { computeFunnel } from "../../roi/compute-funnel.js";
import { computeRoi } from "../../roi/compute-roi.js";
import { TOKEN } from "../access.js";
import type { AppContext, RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";

export async function resolvePeriod(context: AppContext, query: { from?: string; to?: string }) {
  const known = await dataPeriod(context.store, context.workspace);
  return { from: query.from ?? known.from, to: query.to ?? known.to };
}

export const analyticsRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/roi", TOKEN, async (request) => {
    const query = parseQuery(roiQuerySchema, request.query);
    const period = await resolvePeriod(context, query);
    return computeRoi(context.store, context.workspace, period, query.by, query.allocation);
  });
  app.get("/api/funnel", TOKEN, async (request) => {
    const period = await resolvePeriod(context, parseQuery(periodQuerySchema, request.query));
    return { ...period, ...(await computeFunnel(context.store, context.workspace, period)) };
  });
  app.get("/api/goals", TOKEN, async (request) => {
    const query = parseQuery(goalsQuerySchema, request.query);
    return { goals: await computeGoals(context.store, context.workspace, query) };
  });
  app.get("/api/metrics", TOKEN, async () => ({ metrics: METRICS }));
  app.get("/api/workspace", TOKEN, async () => context.workspace);
};
