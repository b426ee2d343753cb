import { workspaceInputSchema } from "../domain/workspace.js";

/** The workspace as the API names it: the dashboard imports nothing but the API's contract. */
export {
  ALLOCATION_RULES,
  type AllocationRule,
  ENGAGEMENT_DENOMINATORS,
  LOCALES,
  type Locale,
  type Workspace,
  workspaceSchema,
} from "../domain/workspace.js";

/** `PATCH /api/workspace`: the settings to change, any of them. */
export const workspaceChangesSchema = workspaceInputSchema
  .pick({ name: true, currency: true, timezone: true, locale: true })
  .extend({
    allocation_rule: workspaceInputSchema.shape.allocation_rule.unwrap(),
    engagement_denominator: workspaceInputSchema.shape.engagement_denominator.unwrap(),
  })
  .partial();
