import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../roi/data-period.js";
import { PERIOD_FACTS_SQL } from "../roi/period-facts.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { OUTCOME_VALUES_SQL, PERIOD_OUTCOMES_SQL } from "./outcomes.js";
import { unitValueSql } from "./unit-value.js";

export interface RuleValue {
  rule_id: string;
  outcome: string;
  unit_value: number;
  currency: string;
  quantity: number;
  value: number;
}

/** Assigned value of the period per value rule, so reports can show each rule separately. */
export async function valueByRule(store: Store, workspace: Workspace, period: Period): Promise<RuleValue[]> {
  return store.all<RuleValue>(
    castDateParams(
      `WITH ${PERIOD_FACTS_SQL}, ${PERIOD_OUTCOMES_SQL}, ${OUTCOME_VALUES_SQL}
       SELECT o.rule_id, any_value(o.outcome) AS outcome, any_value(${unitValueSql("v")}) AS unit_value, any_value(v.currency) AS currency,
         sum(o.quantity) AS quantity, round(sum(o.value), 6) AS value
       FROM outcome_values o JOIN value_rules v ON v.rule_id = o.rule_id AND v.workspace_id = $ws
       GROUP BY o.rule_id ORDER BY value DESC`,
      ["from", "to"],
    ),
    { ws: workspace.id, currency: workspace.currency, ...period },
  );
}
