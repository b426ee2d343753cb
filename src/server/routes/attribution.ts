import { attributionQuerySchema } from "../../api/attribution.js";
import { computeAttribution } from "../../attribution/index.js";
import { loadStorePaths } from "../../attribution/store-paths.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

export const attributionRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/attribution", TOKEN, async (request) => {
    const query = parseQuery(attributionQuerySchema, request.query);
    const period = await resolvePeriod(context, query);
    const paths = await loadStorePaths(context.store, context.workspace, period, {
      lookbackDays: query.lookback,
      level: query.level,
      sales: "all",
    });
    const report = computeAttribution(paths.revenue, {
      models: query.model,
      markovOrder: query.order,
      lang: query.lang ?? context.workspace.locale,
    });
    return { ...period, lookback_days: query.lookback, level: query.level, ...report };
  });
};
