import { type ValueRule, valueRuleSchema } from "../api/value-rules.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { unitValueSql } from "./unit-value.js";

const RULE_COLUMNS = `rule_id, outcome, ${unitValueSql()} AS unit_value, probability, price, currency, network,
  strftime(valid_from, '%Y-%m-%d') AS valid_from, strftime(valid_to, '%Y-%m-%d') AS valid_to,
  strftime(superseded_at, '%Y-%m-%dT%H:%M:%SZ') AS superseded_at, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at`;

/** Every version of the workspace's value rules, those in force first. Parameters: $ws. */
const valueRules = defineQuery("value/rules", valueRuleSchema, {
  duckdb: `SELECT ${RULE_COLUMNS} FROM value_rules WHERE workspace_id = $ws
       ORDER BY superseded_at NULLS FIRST, outcome, network NULLS FIRST, valid_from NULLS FIRST`,
});

/** One version of a rule. Parameters: $ws, $id. */
const valueRule = defineQuery("value/rule", valueRuleSchema, {
  duckdb: `SELECT ${RULE_COLUMNS} FROM value_rules WHERE workspace_id = $ws AND rule_id = $id`,
});

export function listValueRules(store: Store, workspaceId: string): Promise<ValueRule[]> {
  return runQuery(store, valueRules, { ws: workspaceId });
}

export async function findValueRule(
  store: Store,
  workspaceId: string,
  id: string,
): Promise<ValueRule | undefined> {
  const [rule] = await runQuery(store, valueRule, { ws: workspaceId, id });
  return rule;
}
