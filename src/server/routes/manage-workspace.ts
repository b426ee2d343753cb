import { workspaceChangesSchema } from "../../api/workspace.js";
import { changeWorkspaceSettings } from "../../audit/change-workspace-settings.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

export const manageWorkspaceRoutes: RoutePlugin = async (app, context) => {
  app.patch("/api/workspace", ACCESS.manage, async ({ body, workspace }) => {
    const changed = await changeWorkspaceSettings(
      context.store,
      workspace.id,
      parseBody(workspaceChangesSchema, body),
    );
    // The served workspace answers the tracked redirect and the webhooks, which read it from here.
    if (changed.id === context.workspace.id) context.workspace = changed;
    return changed;
  });
};
