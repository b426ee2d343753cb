import { z } from "zod";
import { LOCALES } from "../../domain/workspace.js";
import { bestTimes } from "../../insights/best-times.js";
import { customerCare } from "../../insights/customer-care.js";
import { earnedMediaValue } from "../../insights/earned-media.js";
import { computeInsights } from "../../insights/insights.js";
import { INSIGHT_METRICS } from "../../insights/post-metrics.js";
import { valueEstimates } from "../../insights/value-estimates.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { periodQuerySchema, resolvePeriod } from "./analytics.js";

const metricQuerySchema = periodQuerySchema.extend({
  metric: z.enum(INSIGHT_METRICS).default("engagement_rate"),
});

export const insightsRoutes: RoutePlugin = async (app, context) => {
  const { store, workspace } = context;
  app.get("/api/insights", TOKEN, async (request, reply) => {
    const query = parseQuery(
      metricQuerySchema.extend({ lang: z.enum(LOCALES).optional() }),
      request.query,
      reply,
    );
    if (!query) return reply;
    return computeInsights(store, workspace, await resolvePeriod(context, query), query);
  });
  app.get("/api/insights/best-times", TOKEN, async (request, reply) => {
    const query = parseQuery(metricQuerySchema, request.query, reply);
    if (!query) return reply;
    return bestTimes(store, workspace, await resolvePeriod(context, query), query.metric);
  });
  app.get("/api/insights/value-estimates", TOKEN, async (request, reply) => {
    const query = parseQuery(periodQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    return { ...period, proposals: await valueEstimates(store, workspace, period) };
  });
  app.get("/api/insights/emv", TOKEN, async (request, reply) => {
    const query = parseQuery(periodQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    return { ...period, ...(await earnedMediaValue(store, workspace, period)) };
  });
  app.get("/api/insights/care", TOKEN, async (request, reply) => {
    const query = parseQuery(
      periodQuerySchema.extend({ network: z.string().optional() }),
      request.query,
      reply,
    );
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    return { ...period, ...(await customerCare(store, workspace, period, query.network)) };
  });
};
