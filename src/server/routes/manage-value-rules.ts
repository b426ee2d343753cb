import { periodQuerySchema } from "../../api/common.js";
import { valueRuleInputSchema } from "../../api/value-rules.js";
import { unitValueSql } from "../../value/unit-value.js";
import { valueByRule } from "../../value/value-by-rule.js";
import { createValueRule } from "../../value/write-value-rule.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";
import { requireRate } from "./manage-common.js";

const RULE_COLUMNS = `rule_id, outcome, ${unitValueSql()} AS unit_value, probability, price, currency, network,
  strftime(valid_from, '%Y-%m-%d') AS valid_from, strftime(valid_to, '%Y-%m-%d') AS valid_to,
  strftime(superseded_at, '%Y-%m-%dT%H:%M:%SZ') AS superseded_at, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at`;

/** Value rules are versioned by `createValueRule`, so past figures keep the value they were reported with. */
export const manageValueRuleRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/value-rules", TOKEN, async (request) => {
    const period = await resolvePeriod(context, parseQuery(periodQuerySchema, request.query));
    const rules = await context.store.all(
      `SELECT ${RULE_COLUMNS} FROM value_rules WHERE workspace_id = $ws
       ORDER BY superseded_at NULLS FIRST, outcome, network NULLS FIRST, valid_from NULLS FIRST`,
      { ws: context.workspace.id },
    );
    return { ...period, rules, values: await valueByRule(context.store, context.workspace, period) };
  });

  app.post("/api/value-rules", TOKEN, async (request, reply) => {
    const rule = parseBody(valueRuleInputSchema, request.body);
    const validFrom = rule.retroactive
      ? rule.valid_from
      : (rule.valid_from ?? new Date().toISOString().slice(0, 10));
    await requireRate(context, rule.currency, validFrom);
    const id = await createValueRule(context.store, context.workspace.id, { ...rule, valid_from: validFrom });
    const [created] = await context.store.all(`SELECT ${RULE_COLUMNS} FROM value_rules WHERE rule_id = $id`, {
      id,
    });
    return reply.status(201).send(created);
  });
};
