import { type RuleValue, ruleValueSchema } from "../api/value-rules.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { OUTCOME_VALUES_SQL, PERIOD_OUTCOMES_SQL } from "./outcomes.js";
import { unitValueSql } from "./unit-value.js";

/** The rows are the API's: one definition for the query and its callers. */
export type { RuleValue } from "../api/value-rules.js";

/** Assigned value of the period per value rule, so reports can show each rule separately. */
export function valueByRule(store: Store, workspace: Workspace, period: Period): Promise<RuleValue[]> {
  const query = defineQuery("value/by-rule", ruleValueSchema, {
    duckdb: castDateParams(
      `WITH ${PERIOD_FACTS_SQL}, ${PERIOD_OUTCOMES_SQL}, ${OUTCOME_VALUES_SQL}
       SELECT o.rule_id, any_value(o.outcome) AS outcome, any_value(${unitValueSql("v")}) AS unit_value, any_value(v.currency) AS currency,
         sum(o.quantity) AS quantity, round(sum(o.value), 6) AS value
       FROM outcome_values o JOIN value_rules v ON v.rule_id = o.rule_id AND v.workspace_id = $ws
       GROUP BY o.rule_id ORDER BY value DESC`,
      ["from", "to"],
    ),
  });
  return runQuery(store, query, { ws: workspace.id, currency: workspace.currency, ...period });
}
