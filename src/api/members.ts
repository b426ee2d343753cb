import { z } from "zod";
import { emailField, ROLES } from "./auth.js";

export const memberSchema = z.object({
  user_id: z.string().describe("The member's user id"),
  email: z.string().describe("Their e-mail address"),
  role: z.enum(ROLES).describe("Their role in the workspace"),
  since: z.string().describe("When they were given this workspace (ISO 8601)"),
});
export type Member = z.infer<typeof memberSchema>;

export const memberListSchema = z.object({
  members: z
    .array(memberSchema)
    .describe(
      "The workspace's members, owners first; the instance's owner, owner of every workspace, is listed where added",
    ),
});

export const memberInputSchema = z
  .object({
    email: emailField.describe("The user's e-mail address (they need an account)"),
    role: z.enum(ROLES).describe("Their role: replaces the one they had in the workspace"),
  })
  .describe("Who to add, or whose role to change, and the role");

export const memberRemovedSchema = z.object({ removed: z.string().describe("The user id removed") });
