import { ApiFailure } from "../../api/errors.js";
import { goalInputSchema } from "../../api/goals.js";
import { newId } from "../../domain/ids.js";
import { GOALS, INDICATOR_KINDS } from "../../metrics/goal-catalogue.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

/** Adding and removing goals; their progress is read from GET /api/goals. */
export const manageGoalRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/goal-catalogue", TOKEN, async () => ({
    goals: GOALS,
    indicators: Object.entries(INDICATOR_KINDS).map(([id, kind]) => ({ id, ...kind })),
  }));

  app.post("/api/goals", TOKEN, async (request, reply) => {
    const goal = parseBody(goalInputSchema, request.body);
    const id = newId("goal");
    await context.store.run(
      `INSERT INTO goals (goal_id, workspace_id, goal, indicator, target, period_start, period_end, network)
       VALUES ($id, $ws, $goal, $indicator, $target, CAST($period_start AS DATE), CAST($period_end AS DATE), $network)`,
      { id, ws: context.workspace.id, ...goal },
    );
    return reply.status(201).send({ goal_id: id, ...goal });
  });

  app.delete<{ Params: { id: string } }>("/api/goals/:id", TOKEN, async (request) => {
    const params = { ws: context.workspace.id, id: request.params.id };
    const found = await context.store.all(
      "SELECT 1 FROM goals WHERE workspace_id = $ws AND goal_id = $id",
      params,
    );
    if (found.length === 0) throw new ApiFailure("not_found", `No goal ${request.params.id}`);
    await context.store.run("DELETE FROM goals WHERE workspace_id = $ws AND goal_id = $id", params);
    return { deleted: request.params.id };
  });
};
