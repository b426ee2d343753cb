import { attributionQuerySchema } from "../../api/attribution.js";
import { computeAttribution } from "../../attribution/index.js";
import { loadStorePaths } from "../../attribution/store-paths.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

export const attributionRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/attribution", ACCESS.read, async ({ query: raw, workspace }) => {
    const query = parseQuery(attributionQuerySchema, raw);
    const period = await resolvePeriod(store, workspace, query);
    const paths = await loadStorePaths(store, workspace, period, {
      lookbackDays: query.lookback,
      level: query.level,
      sales: "all",
    });
    const report = computeAttribution(paths.revenue, {
      models: query.model,
      markovOrder: query.order,
      lang: query.lang ?? workspace.locale,
    });
    return { ...period, lookback_days: query.lookback, level: query.level, ...report };
  });
};
