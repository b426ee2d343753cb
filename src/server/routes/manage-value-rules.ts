import { periodQuerySchema } from "../../api/common.js";
import { valueRuleInputSchema } from "../../api/value-rules.js";
import { valueByRule } from "../../value/value-by-rule.js";
import { findValueRule, listValueRules } from "../../value/value-rules.js";
import { createValueRule } from "../../value/write-value-rule.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";
import { requireRate } from "./manage-common.js";

/** Value rules are versioned by `createValueRule`, so past figures keep the value they were reported with. */
export const manageValueRuleRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/value-rules", TOKEN, async (request) => {
    const period = await resolvePeriod(context, parseQuery(periodQuerySchema, request.query));
    const rules = await listValueRules(context.store, context.workspace.id);
    return { ...period, rules, values: await valueByRule(context.store, context.workspace, period) };
  });

  app.post("/api/value-rules", TOKEN, async (request, reply) => {
    const rule = parseBody(valueRuleInputSchema, request.body);
    const validFrom = rule.retroactive
      ? rule.valid_from
      : (rule.valid_from ?? new Date().toISOString().slice(0, 10));
    await requireRate(context, rule.currency, validFrom);
    const id = await createValueRule(context.store, context.workspace.id, { ...rule, valid_from: validFrom });
    return reply.status(201).send(await findValueRule(context.store, context.workspace.id, id));
  });
};
