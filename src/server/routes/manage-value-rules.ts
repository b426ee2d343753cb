import { periodQuerySchema } from "../../api/common.js";
import { valueRuleInputSchema } from "../../api/value-rules.js";
import { valueByRule } from "../../value/value-by-rule.js";
import { findValueRule, listValueRules } from "../../value/value-rules.js";
import { createValueRule } from "../../value/write-value-rule.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";
import { requireRate } from "./manage-common.js";

/** Value rules are versioned by `createValueRule`, so past figures keep the value they were reported with. */
export const manageValueRuleRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/value-rules", ACCESS.read, async ({ query, workspace }) => {
    const period = await resolvePeriod(store, workspace, parseQuery(periodQuerySchema, query));
    const rules = await listValueRules(store, workspace.id);
    return { ...period, rules, values: await valueByRule(store, workspace, period) };
  });

  app.post("/api/value-rules", ACCESS.write, async ({ body, workspace }, reply) => {
    const rule = parseBody(valueRuleInputSchema, body);
    const validFrom = rule.retroactive
      ? rule.valid_from
      : (rule.valid_from ?? new Date().toISOString().slice(0, 10));
    await requireRate(store, workspace, rule.currency, validFrom);
    const id = await createValueRule(store, workspace.id, { ...rule, valid_from: validFrom });
    return reply.status(201).send(await findValueRule(store, workspace.id, id));
  });
};
