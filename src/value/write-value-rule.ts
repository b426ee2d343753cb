import type { z } from "zod";
import type { valueRuleInputSchema } from "../api/value-rules.js";
import { recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import type { Store } from "../store/store.js";
import { findValueRule, listValueRules } from "./value-rules.js";

/** A value rule as every door gives it: the API's input, a valid_from of null meaning since always. */
export type ValueRuleInput = z.output<typeof valueRuleInputSchema>;

function dayBefore(date: string): string {
  return new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes a value rule for every door that makes one by hand (the API and dashboard, adopted value
 * estimates). Rules are versioned so past figures keep the value they were reported with: the new
 * rule closes the current one (same outcome and network) the day before it starts, and replaces
 * versions starting on or after that day; a retroactive rule, or one without a first day,
 * replaces them all. The audit log shows the rule in force before (the versions this one closes
 * or replaces) and the new one. Returns the new rule's id.
 */
export async function createValueRule(
  store: Store,
  workspaceId: string,
  rule: ValueRuleInput,
): Promise<string> {
  const unitValue = rule.unit_value ?? (rule.probability ?? Number.NaN) * (rule.price ?? Number.NaN);
  if (!Number.isFinite(unitValue)) {
    throw new Error(`the ${rule.outcome} rule needs a unit value, or a conversion probability and a price`);
  }
  const id = newId("vr");
  const same = { ws: workspaceId, outcome: rule.outcome, network: rule.network, from: rule.valid_from };
  const current =
    "workspace_id = $ws AND superseded_at IS NULL AND outcome = $outcome AND network IS NOT DISTINCT FROM $network";
  await store.transaction(async () => {
    const inForce = (await listValueRules(store, workspaceId)).filter(
      (r) => r.superseded_at === null && r.outcome === rule.outcome && r.network === (rule.network ?? null),
    );
    if (rule.retroactive || rule.valid_from === null) {
      await store.run(`UPDATE value_rules SET superseded_at = now() WHERE ${current}`, same);
    } else {
      await store.run(
        `UPDATE value_rules SET superseded_at = now() WHERE ${current} AND valid_from >= CAST($from AS DATE)`,
        same,
      );
      await store.run(
        `UPDATE value_rules SET valid_to = CAST($to AS DATE) WHERE ${current}
           AND (valid_to IS NULL OR valid_to >= CAST($from AS DATE))`,
        { ...same, to: dayBefore(rule.valid_from) },
      );
    }
    await store.run(
      `INSERT INTO value_rules (rule_id, workspace_id, outcome, unit_value, currency, valid_from, probability, price, network)
       VALUES ($id, $ws, $outcome, $unit_value, $currency, CAST($from AS DATE), $probability, $price, $network)`,
      {
        ...same,
        id,
        unit_value: unitValue,
        currency: rule.currency,
        probability: rule.probability,
        price: rule.price,
      },
    );
    await recordChange(store, {
      workspaceId,
      object: "value_rule",
      objectId: id,
      before: inForce.length > 0 ? { rules: inForce } : undefined,
      after: await findValueRule(store, workspaceId, id),
    });
  });
  return id;
}
