import { z } from "zod";
import { costsByCategory } from "../../costs/cost-breakdown.js";
import { COST_CATEGORIES, RECURRENCES } from "../../domain/canonical.js";
import { newId } from "../../domain/ids.js";
import { amountField, currencyField, dayField } from "../../domain/input-bounds.js";
import { TOKEN } from "../access.js";
import type { AppContext, RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { periodQuerySchema, resolvePeriod } from "./analytics.js";
import { invalid, missingRateProblem, optionalDate, optionalNetwork, optionalText } from "./manage-common.js";

const costSchema = z
  .object({
    date: dayField,
    end_date: optionalDate,
    category: z.enum(COST_CATEGORIES),
    amount: amountField,
    currency: currencyField,
    network: optionalNetwork,
    campaign: optionalText,
    description: optionalText,
    recurrence: z.preprocess((v) => (v === "" ? null : v), z.enum(RECURRENCES).nullable().default(null)),
  })
  .refine((cost) => cost.end_date === null || cost.end_date >= cost.date, {
    path: ["end_date"],
    message: "the last day cannot be before the first day",
  });
type CostInput = z.infer<typeof costSchema>;

const COST_COLUMNS = `cost_id, strftime(date, '%Y-%m-%d') AS date, strftime(end_date, '%Y-%m-%d') AS end_date,
  category, amount, currency, network, campaign, description, recurrence, import_id`;

type ById = { Params: { id: string } };

async function findCost(context: AppContext, id: string) {
  const [cost] = await context.store.all(
    `SELECT ${COST_COLUMNS} FROM costs WHERE workspace_id = $ws AND cost_id = $id`,
    { ws: context.workspace.id, id },
  );
  return cost;
}

function costParams(context: AppContext, id: string, cost: CostInput) {
  return { ...cost, id, ws: context.workspace.id };
}

/** Cost entries typed in the dashboard, next to the imported ones (both can be edited). */
export const manageCostRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/costs", TOKEN, async () => ({
    costs: await context.store.all(
      `SELECT ${COST_COLUMNS} FROM costs WHERE workspace_id = $ws ORDER BY date DESC, category, cost_id`,
      { ws: context.workspace.id },
    ),
  }));

  app.get("/api/costs/by-category", TOKEN, async (request, reply) => {
    const query = parseQuery(periodQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    return {
      ...period,
      currency: context.workspace.currency,
      categories: await costsByCategory(context.store, context.workspace, period),
    };
  });

  const validCost = async (body: unknown, reply: Parameters<typeof parseBody>[2]) => {
    const cost = parseBody(costSchema, body, reply);
    if (!cost) return undefined;
    const problem = await missingRateProblem(context, cost.currency, cost.date);
    if (problem) {
      reply.status(400).send(invalid("currency", problem));
      return undefined;
    }
    return cost;
  };

  app.post("/api/costs", TOKEN, async (request, reply) => {
    const cost = await validCost(request.body, reply);
    if (!cost) return reply;
    const id = newId("cst");
    await context.store.run(
      `INSERT INTO costs (cost_id, workspace_id, date, end_date, category, amount, currency, network, campaign, description, recurrence)
       VALUES ($id, $ws, CAST($date AS DATE), CAST($end_date AS DATE), $category, $amount, $currency, $network, $campaign, $description, $recurrence)`,
      costParams(context, id, cost),
    );
    return reply.status(201).send(await findCost(context, id));
  });

  app.put<ById>("/api/costs/:id", TOKEN, async (request, reply) => {
    if (!(await findCost(context, request.params.id)))
      return reply.status(404).send({ error: `No cost ${request.params.id}` });
    const cost = await validCost(request.body, reply);
    if (!cost) return reply;
    await context.store.run(
      `UPDATE costs SET date = CAST($date AS DATE), end_date = CAST($end_date AS DATE), category = $category, amount = $amount,
         currency = $currency, network = $network, campaign = $campaign, description = $description, recurrence = $recurrence
       WHERE workspace_id = $ws AND cost_id = $id`,
      costParams(context, request.params.id, cost),
    );
    return findCost(context, request.params.id);
  });

  app.delete<ById>("/api/costs/:id", TOKEN, async (request, reply) => {
    if (!(await findCost(context, request.params.id)))
      return reply.status(404).send({ error: `No cost ${request.params.id}` });
    await context.store.run("DELETE FROM costs WHERE workspace_id = $ws AND cost_id = $id", {
      ws: context.workspace.id,
      id: request.params.id,
    });
    return { deleted: request.params.id };
  });
};
