import { z } from "zod";
import { newId } from "../../domain/ids.js";
import { amountField, dayField } from "../../domain/input-bounds.js";
import { GOALS, INDICATOR_KINDS } from "../../goals/goal-catalogue.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";
import { optionalNetwork } from "./manage-common.js";

const goalSchema = z
  .object({
    // A catalogue goal id or a free-form business objective (PRODUCT.md §2).
    goal: z.string().trim().min(1).max(200),
    indicator: z.enum(Object.keys(INDICATOR_KINDS) as [string, ...string[]]),
    target: amountField,
    period_start: dayField,
    period_end: dayField,
    network: optionalNetwork,
  })
  .refine((g) => g.period_end >= g.period_start, {
    path: ["period_end"],
    message: "the last day cannot be before the first day",
  });

/** Adding and removing goals; their progress is read from GET /api/goals. */
export const manageGoalRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/goal-catalogue", TOKEN, async () => ({
    goals: GOALS,
    indicators: Object.entries(INDICATOR_KINDS).map(([id, kind]) => ({ id, ...kind })),
  }));

  app.post("/api/goals", TOKEN, async (request, reply) => {
    const goal = parseBody(goalSchema, request.body, reply);
    if (!goal) return reply;
    const id = newId("goal");
    await context.store.run(
      `INSERT INTO goals (goal_id, workspace_id, goal, indicator, target, period_start, period_end, network)
       VALUES ($id, $ws, $goal, $indicator, $target, CAST($period_start AS DATE), CAST($period_end AS DATE), $network)`,
      { id, ws: context.workspace.id, ...goal },
    );
    return reply.status(201).send({ goal_id: id, ...goal });
  });

  app.delete<{ Params: { id: string } }>("/api/goals/:id", TOKEN, async (request, reply) => {
    const params = { ws: context.workspace.id, id: request.params.id };
    const found = await context.store.all(
      "SELECT 1 FROM goals WHERE workspace_id = $ws AND goal_id = $id",
      params,
    );
    if (found.length === 0) return reply.status(404).send({ error: `No goal ${request.params.id}` });
    await context.store.run("DELETE FROM goals WHERE workspace_id = $ws AND goal_id = $id", params);
    return { deleted: request.params.id };
  });
};
