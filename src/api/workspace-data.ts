import { z } from "zod";

export const workspaceDeletionSchema = z
  .object({
    confirm: z
      .string()
      .max(500)
      .describe("The workspace's name, typed again: the deletion is refused when it differs"),
  })
  .describe("Deleting a workspace and all its data cannot be undone: its name confirms it");

export const workspaceDeletedSchema = z.object({
  deleted: z.string().describe("The id of the workspace deleted with all its data"),
});
