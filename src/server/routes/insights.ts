import { periodQuerySchema } from "../../api/common.js";
import { careQuerySchema, insightsQuerySchema, metricQuerySchema } from "../../api/insights.js";
import { bestTimes } from "../../insights/best-times.js";
import { customerCare } from "../../insights/customer-care.js";
import { earnedMediaValue } from "../../insights/earned-media.js";
import { computeInsights } from "../../insights/insights.js";
import { valueEstimates } from "../../insights/value-estimates.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

export const insightsRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/insights", ACCESS.read, async ({ query: raw, workspace }) => {
    const query = parseQuery(insightsQuerySchema, raw);
    return computeInsights(store, workspace, await resolvePeriod(store, workspace, query), query);
  });
  app.get("/api/insights/best-times", ACCESS.read, async ({ query: raw, workspace }) => {
    const query = parseQuery(metricQuerySchema, raw);
    return bestTimes(store, workspace, await resolvePeriod(store, workspace, query), query.metric);
  });
  app.get("/api/insights/value-estimates", ACCESS.read, async ({ query, workspace }) => {
    const period = await resolvePeriod(store, workspace, parseQuery(periodQuerySchema, query));
    return { ...period, proposals: await valueEstimates(store, workspace, period) };
  });
  app.get("/api/insights/emv", ACCESS.read, async ({ query, workspace }) => {
    const period = await resolvePeriod(store, workspace, parseQuery(periodQuerySchema, query));
    return { ...period, ...(await earnedMediaValue(store, workspace, period)) };
  });
  app.get("/api/insights/care", ACCESS.read, async ({ query: raw, workspace }) => {
    const query = parseQuery(careQuerySchema, raw);
    const period = await resolvePeriod(store, workspace, query);
    return { ...period, ...(await customerCare(store, workspace, period, query.network)) };
  });
};
