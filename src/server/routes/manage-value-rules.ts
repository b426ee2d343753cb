import { z } from "zod";
import { currencyField, nameField } from "../../domain/input-bounds.js";
import { unitValueSql } from "../../value/unit-value.js";
import { valueByRule } from "../../value/value-by-rule.js";
import { createValueRule } from "../../value/write-value-rule.js";
import { TOKEN } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody, parseQuery } from "../parse-input.js";
import { periodQuerySchema, resolvePeriod } from "./analytics.js";
import {
  invalid,
  missingRateProblem,
  optionalAmount,
  optionalDate,
  optionalNetwork,
} from "./manage-common.js";

const ruleSchema = z
  .object({
    outcome: nameField,
    unit_value: optionalAmount,
    probability: z.preprocess(
      (v) => (v === "" || v === undefined ? null : v),
      z.number().min(0).max(1).nullable(),
    ),
    price: optionalAmount,
    currency: currencyField,
    network: optionalNetwork,
    valid_from: optionalDate,
    /** Replace every earlier version instead of closing the current one the day before. */
    retroactive: z.boolean().default(false),
  })
  .refine((r) => r.unit_value !== null || (r.probability !== null && r.price !== null), {
    path: ["unit_value"],
    message: "a unit value, or a conversion probability and a price",
  });

const RULE_COLUMNS = `rule_id, outcome, ${unitValueSql()} AS unit_value, probability, price, currency, network,
  strftime(valid_from, '%Y-%m-%d') AS valid_from, strftime(valid_to, '%Y-%m-%d') AS valid_to,
  strftime(superseded_at, '%Y-%m-%dT%H:%M:%SZ') AS superseded_at, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at`;

/** Value rules are versioned by `createValueRule`, so past figures keep the value they were reported with. */
export const manageValueRuleRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/value-rules", TOKEN, async (request, reply) => {
    const query = parseQuery(periodQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    const rules = await context.store.all(
      `SELECT ${RULE_COLUMNS} FROM value_rules WHERE workspace_id = $ws
       ORDER BY superseded_at NULLS FIRST, outcome, network NULLS FIRST, valid_from NULLS FIRST`,
      { ws: context.workspace.id },
    );
    return { ...period, rules, values: await valueByRule(context.store, context.workspace, period) };
  });

  app.post("/api/value-rules", TOKEN, async (request, reply) => {
    const rule = parseBody(ruleSchema, request.body, reply);
    if (!rule) return reply;
    const validFrom = rule.retroactive
      ? rule.valid_from
      : (rule.valid_from ?? new Date().toISOString().slice(0, 10));
    const problem = await missingRateProblem(context, rule.currency, validFrom);
    if (problem) return reply.status(400).send(invalid("currency", problem));
    const id = await createValueRule(context.store, context.workspace.id, { ...rule, valid_from: validFrom });
    const [created] = await context.store.all(`SELECT ${RULE_COLUMNS} FROM value_rules WHERE rule_id = $id`, {
      id,
    });
    return reply.status(201).send(created);
  });
};
