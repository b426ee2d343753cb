import { goalsQuerySchema, roiQuerySchema } from "../../api/analytics.js";
import { periodQuerySchema } from "../../api/common.js";
import type { Workspace } from "../../domain/workspace.js";
import { computeGoals } from "../../goals/compute-goals.js";
import { METRICS } from "../../metrics/catalogue.js";
import { dataPeriod } from "../../period/data-period.js";
import { computeFunnel } from "../../roi/compute-funnel.js";
import { computeRoi } from "../../roi/compute-roi.js";
import type { Store } from "../../store/store.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";

export async function resolvePeriod(
  store: Store,
  workspace: Workspace,
  query: { from?: string; to?: string },
) {
  const known = await dataPeriod(store, workspace);
  return { from: query.from ?? known.from, to: query.to ?? known.to };
}

export const analyticsRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/roi", ACCESS.report, async ({ query: raw, workspace }) => {
    const query = parseQuery(roiQuerySchema, raw);
    const period = await resolvePeriod(store, workspace, query);
    return computeRoi(store, workspace, period, query.by, query.allocation);
  });
  app.get("/api/funnel", ACCESS.report, async ({ query, workspace }) => {
    const period = await resolvePeriod(store, workspace, parseQuery(periodQuerySchema, query));
    return { ...period, ...(await computeFunnel(store, workspace, period)) };
  });
  app.get("/api/goals", ACCESS.report, async ({ query, workspace }) => ({
    goals: await computeGoals(store, workspace, parseQuery(goalsQuerySchema, query)),
  }));
  app.get("/api/metrics", ACCESS.report, async () => ({ metrics: METRICS }));
  app.get("/api/workspace", ACCESS.report, async ({ workspace }) => workspace);
};
