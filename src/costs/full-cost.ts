import { z } from "zod";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { COST_LINES_SQL } from "./cost-lines.js";

/** The key that shared costs no key published under keep: the allocation rule has no one to share them with. */
export const UNALLOCATED_KEY = "(unallocated)";

/**
 * Shared costs split between the keys that published, by the allocation rule ($rule). A shared
 * cost's shares depend only on the network and campaign it names (its pattern), so costs are
 * summed per pattern and category first: split one by one, 10,000 costs over 100,000 posts made
 * 25 million shares. Over `keyed_costs` (cost lines with their key, NULL for a shared one) and
 * `keyed_posts` (the period's posts with theirs); gives `shares` and `all_costs`.
 */
export const ALLOCATED_COSTS_SQL = `
units AS (SELECT key, network, campaign, count(*) AS n_posts, sum(impressions) AS impressions FROM keyed_posts GROUP BY ALL),
direct_spend AS (SELECT key, sum(amount) AS spend FROM keyed_costs WHERE key IS NOT NULL AND category = 'ads' GROUP BY key),
shared_costs AS (SELECT network, campaign, category, sum(amount) AS amount FROM keyed_costs WHERE key IS NULL GROUP BY ALL),
weights AS (
  SELECT p.network AS cost_network, p.campaign AS cost_campaign, u.key,
    CASE $rule WHEN 'posts' THEN sum(u.n_posts) WHEN 'impressions' THEN sum(u.impressions)
      WHEN 'equal' THEN 1 WHEN 'spend' THEN coalesce(any_value(d.spend), 0) ELSE 0 END AS weight
  FROM (SELECT DISTINCT network, campaign FROM shared_costs) p
  JOIN units u ON (p.network IS NULL OR p.network = u.network) AND (p.campaign IS NULL OR p.campaign = u.campaign)
  LEFT JOIN direct_spend d ON d.key IS NOT DISTINCT FROM u.key
  GROUP BY p.network, p.campaign, u.key
),
shares AS (
  SELECT cost_network, cost_campaign, key, weight / sum(weight) OVER (PARTITION BY cost_network, cost_campaign) AS share
  FROM weights WHERE weight > 0
),
allocated AS (
  SELECT h.key, s.category, s.amount * h.share AS amount
  FROM shares h JOIN shared_costs s
    ON s.network IS NOT DISTINCT FROM h.cost_network AND s.campaign IS NOT DISTINCT FROM h.cost_campaign
),
all_costs AS (
  SELECT key, category, amount FROM keyed_costs WHERE key IS NOT NULL
  UNION ALL SELECT key, category, amount FROM allocated
  UNION ALL SELECT '${UNALLOCATED_KEY}', category, amount FROM shared_costs s WHERE NOT EXISTS (
    SELECT 1 FROM shares h WHERE h.cost_network IS NOT DISTINCT FROM s.network AND h.cost_campaign IS NOT DISTINCT FROM s.campaign)
)`;

/**
 * Each network's full cost per day: its own cost lines of every category, and its share of each
 * day's shared costs by the workspace's allocation rule, as the ROI by network allocates them over
 * the period (the shares are the period's). Costs no network published under are left out.
 * Parameters: $ws, $from, $to, $currency, $rule.
 */
const fullCostQuery = defineQuery(
  "costs/full-cost-by-network-day",
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), network: z.string(), cost: z.number() }),
  {
    duckdb: castDateParams(
      `WITH ${PERIOD_FACTS_SQL}, ${COST_LINES_SQL},
keyed_costs AS (SELECT *, network AS key FROM cost_lines),
keyed_posts AS (SELECT *, network AS key FROM period_posts WHERE network IS NOT NULL),
${ALLOCATED_COSTS_SQL},
daily_shared AS (SELECT day, network, campaign, sum(amount) AS amount FROM keyed_costs WHERE key IS NULL GROUP BY ALL),
full_costs AS (
  SELECT day, key, amount FROM keyed_costs WHERE key IS NOT NULL
  UNION ALL SELECT d.day, h.key, d.amount * h.share FROM daily_shared d JOIN shares h
    ON d.network IS NOT DISTINCT FROM h.cost_network AND d.campaign IS NOT DISTINCT FROM h.cost_campaign
)
SELECT strftime(day, '%Y-%m-%d') AS day, key AS network, CAST(sum(amount) AS DOUBLE) AS cost
FROM full_costs WHERE amount IS NOT NULL GROUP BY ALL`,
      ["from", "to"],
    ),
  },
);

export function fullCostByNetworkDay(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<{ day: string; network: string; cost: number }[]> {
  return runQuery(store, fullCostQuery, {
    ws: workspace.id,
    from: period.from,
    to: period.to,
    currency: workspace.currency,
    rule: workspace.allocation_rule,
  });
}
