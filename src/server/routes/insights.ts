import { periodQuerySchema } from "../../api/common.js";
import { careQuerySchema, insightsQuerySchema, metricQuerySchema } from "../../api/insights.js";
import { bestTimes } from "../../insights/best-times.js";
import { customerCare } from "../../insights/customer-care.js";
import { earnedMediaValue } from "../../insights/earned-media.js";
import { computeInsights } from "../../insights/insights.js";
import { valueEstimates } from "../../insights/value-estimates.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

export const insightsRoutes: RoutePlugin = async (app, context) => {
  const { store, workspace } = context;
  app.get("/api/insights", TOKEN, async (request) => {
    const query = parseQuery(insightsQuerySchema, request.query);
    return computeInsights(store, workspace, await resolvePeriod(context, query), query);
  });
  app.get("/api/insights/best-times", TOKEN, async (request) => {
    const query = parseQuery(metricQuerySchema, request.query);
    return bestTimes(store, workspace, await resolvePeriod(context, query), query.metric);
  });
  app.get("/api/insights/value-estimates", TOKEN, async (request) => {
    const period = await resolvePeriod(context, parseQuery(periodQuerySchema, request.query));
    return { ...period, proposals: await valueEstimates(store, workspace, period) };
  });
  app.get("/api/insights/emv", TOKEN, async (request) => {
    const period = await resolvePeriod(context, parseQuery(periodQuerySchema, request.query));
    return { ...period, ...(await earnedMediaValue(store, workspace, period)) };
  });
  app.get("/api/insights/care", TOKEN, async (request) => {
    const query = parseQuery(careQuerySchema, request.query);
    const period = await resolvePeriod(context, query);
    return { ...period, ...(await customerCare(store, workspace, period, query.network)) };
  });
};
