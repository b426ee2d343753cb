import { workspaceChangesSchema } from "../../api/workspace.js";
import { updateWorkspace } from "../../store/workspaces.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

export const manageWorkspaceRoutes: RoutePlugin = async (app, context) => {
  app.patch("/api/workspace", TOKEN, async (request) => {
    const changes = parseBody(workspaceChangesSchema, request.body);
    // Every route reads context.workspace per request, so the new settings apply at once.
    context.workspace = await updateWorkspace(context.store, context.workspace.id, changes);
    return context.workspace;
  });
};
