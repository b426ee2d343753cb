import { ApiFailure, invalidField } from "../../api/errors.js";
import { workspaceDeletionSchema } from "../../api/workspace-data.js";
import { deleteWorkspace, exportWorkspace } from "../../store/workspace-data.js";
import { noteLinkChange } from "../../tracking/link-cache.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

/** A workspace's data as a whole: every table's rows in one zip, or all of it erased. */
export const workspaceDataRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/workspace/export", ACCESS.manage, async ({ workspace }, reply) => {
    const zip = await exportWorkspace(context.store, workspace.id);
    return reply
      .type("application/zip")
      .header("content-disposition", `attachment; filename="socialroi-${workspace.id}.zip"`)
      .send(zip);
  });

  app.delete("/api/workspace", ACCESS.own, async ({ body, workspace }) => {
    const { confirm } = parseBody(workspaceDeletionSchema, body);
    if (confirm !== workspace.name)
      throw invalidField("confirm", `the workspace's name, "${workspace.name}"`);
    // The tracked redirect and the webhooks answer for the served workspace: it stays while served.
    if (workspace.id === context.workspace.id)
      throw new ApiFailure(
        "conflict",
        "This server serves this workspace's links and webhooks: serve another first (socialroi workspace use)",
      );
    await deleteWorkspace(context.store, workspace.id);
    // Its links, cached by this server's redirects (through its short-link domain), go with it.
    noteLinkChange();
    return { deleted: workspace.id };
  });
};
