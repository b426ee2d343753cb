import { z } from "zod";
import { newId } from "../../domain/ids.js";
import { currencyField, nameField } from "../../domain/input-bounds.js";
import { valueByRule } from "../../value/value-by-rule.js";
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

const RULE_COLUMNS = `rule_id, outcome, unit_value, probability, price, currency, network,
  strftime(valid_from, '%Y-%m-%d') AS valid_from, strftime(valid_to, '%Y-%m-%d') AS valid_to,
  strftime(superseded_at, '%Y-%m-%dT%H:%M:%SZ') AS superseded_at, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at`;

function dayBefore(date: string): string {
  return new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Value rules are versioned so past figures keep the value they were reported with: a new rule
 * closes the current one the day before it starts, unless asked to apply retroactively.
 */
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
    const id = newId("vr");
    const same = {
      ws: context.workspace.id,
      outcome: rule.outcome,
      network: rule.network,
      from: validFrom,
    };
    const current =
      "workspace_id = $ws AND superseded_at IS NULL AND outcome = $outcome AND network IS NOT DISTINCT FROM $network";
    await context.store.transaction(async () => {
      if (rule.retroactive || validFrom === null) {
        await context.store.run(`UPDATE value_rules SET superseded_at = now() WHERE ${current}`, same);
      } else {
        // Versions starting on or after the new rule's first day are replaced outright.
        await context.store.run(
          `UPDATE value_rules SET superseded_at = now() WHERE ${current} AND valid_from >= CAST($from AS DATE)`,
          same,
        );
        await context.store.run(
          `UPDATE value_rules SET valid_to = CAST($to AS DATE) WHERE ${current}
             AND (valid_to IS NULL OR valid_to >= CAST($from AS DATE))`,
          { ...same, to: dayBefore(validFrom) },
        );
      }
      await context.store.run(
        `INSERT INTO value_rules (rule_id, workspace_id, outcome, unit_value, currency, valid_from, probability, price, network)
         VALUES ($id, $ws, $outcome, $unit_value, $currency, CAST($from AS DATE), $probability, $price, $network)`,
        {
          ...same,
          id,
          unit_value: rule.unit_value,
          currency: rule.currency,
          probability: rule.probability,
          price: rule.price,
        },
      );
    });
    const [created] = await context.store.all(`SELECT ${RULE_COLUMNS} FROM value_rules WHERE rule_id = $id`, {
      id,
    });
    return reply.status(201).send(created);
  });
};
