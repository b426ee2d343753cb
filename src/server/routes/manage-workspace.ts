import { workspaceInputSchema } from "../../domain/workspace.js";
import { updateWorkspace } from "../../store/workspaces.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

const changesSchema = workspaceInputSchema
  .pick({ name: true, currency: true, timezone: true, locale: true })
  .extend({
    allocation_rule: workspaceInputSchema.shape.allocation_rule.unwrap(),
    engagement_denominator: workspaceInputSchema.shape.engagement_denominator.unwrap(),
  })
  .partial();

export const manageWorkspaceRoutes: RoutePlugin = async (app, context) => {
  app.patch("/api/workspace", TOKEN, async (request, reply) => {
    const changes = parseBody(changesSchema, request.body, reply);
    if (!changes) return reply;
    // Every route reads context.workspace per request, so the new settings apply at once.
    context.workspace = await updateWorkspace(context.store, context.workspace.id, changes);
    return context.workspace;
  });
};
