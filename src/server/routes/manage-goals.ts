import { ApiFailure } from "../../api/errors.js";
import { goalInputSchema } from "../../api/goals.js";
import { createGoal } from "../../goals/create-goal.js";
import { deleteGoal } from "../../goals/delete-goal.js";
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
    const id = await createGoal(context.store, context.workspace.id, goal);
    return reply.status(201).send({ goal_id: id, ...goal });
  });

  app.delete<{ Params: { id: string } }>("/api/goals/:id", TOKEN, async (request) => {
    if (!(await deleteGoal(context.store, context.workspace.id, request.params.id))) {
      throw new ApiFailure("not_found", `No goal ${request.params.id}`);
    }
    return { deleted: request.params.id };
  });
};
