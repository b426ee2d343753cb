import { ApiFailure } from "../../api/errors.js";
import { goalInputSchema } from "../../api/goals.js";
import { createGoal } from "../../goals/create-goal.js";
import { deleteGoal } from "../../goals/delete-goal.js";
import { GOALS, INDICATOR_KINDS } from "../../metrics/goal-catalogue.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

/** Adding and removing goals; their progress is read from GET /api/goals. */
export const manageGoalRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/goal-catalogue", ACCESS.read, async () => ({
    goals: GOALS,
    indicators: Object.entries(INDICATOR_KINDS).map(([id, kind]) => ({ id, ...kind })),
  }));

  app.post("/api/goals", ACCESS.write, async ({ body, workspace }, reply) => {
    const goal = parseBody(goalInputSchema, body);
    const id = await createGoal(store, workspace.id, goal);
    return reply.status(201).send({ goal_id: id, ...goal });
  });

  app.delete<{ Params: { id: string } }>("/api/goals/:id", ACCESS.write, async ({ params, workspace }) => {
    if (!(await deleteGoal(store, workspace.id, params.id))) {
      throw new ApiFailure("not_found", `No goal ${params.id}`);
    }
    return { deleted: params.id };
  });
};
