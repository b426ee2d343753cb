import { z } from "zod";
import { aggregateJourneys, computeAttribution, LANGS, MODEL_NAMES } from "../../attribution/index.js";
import { MAX_MARKOV_ORDER } from "../../attribution/markov.js";
import { loadStoreJourneys, type StoreJourneyOptions } from "../../attribution/store-journeys.js";
import { DEFAULT_LOOKBACK_DAYS } from "../../roi/attribute-revenue.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { periodQuerySchema, resolvePeriod } from "./analytics.js";

const LEVELS = [
  "network",
  "channel_group",
  "campaign",
] as const satisfies readonly StoreJourneyOptions["level"][];

/** Query strings only carry text, so lists arrive comma-separated and numbers as digits. */
const attributionQuerySchema = periodQuerySchema.extend({
  model: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",").map((name) => name.trim()) : []))
    .pipe(z.array(z.enum(MODEL_NAMES))),
  order: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(MAX_MARKOV_ORDER)]).default(1),
  lookback: z.coerce.number().int().positive().max(365).default(DEFAULT_LOOKBACK_DAYS),
  level: z.enum(LEVELS).default("network"),
  lang: z.enum(LANGS).optional(),
});

export const attributionRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/attribution", TOKEN, async (request, reply) => {
    const query = parseQuery(attributionQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    const { journeys } = await loadStoreJourneys(context.store, context.workspace, period, {
      lookbackDays: query.lookback,
      level: query.level,
      sales: "all",
    });
    const report = computeAttribution(aggregateJourneys(journeys), {
      models: query.model,
      markovOrder: query.order,
      lang: query.lang ?? context.workspace.locale,
    });
    return { ...period, lookback_days: query.lookback, level: query.level, ...report };
  });
};
