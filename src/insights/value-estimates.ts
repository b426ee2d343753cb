import { z } from "zod";
import { ESTIMATED_OUTCOMES, type EstimatedOutcome, valueProposalSchema } from "../api/insights.js";
import type { Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, type Query, runQuery, runQueryForOne } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";
import { unitValueSql } from "../value/unit-value.js";
import { createValueRule } from "../value/write-value-rule.js";
import { mean, variance, Z_95 } from "./statistics.js";

/** The outcomes are part of the API's contract: defined there, named here for the estimates. */
export { ESTIMATED_OUTCOMES, type EstimatedOutcome } from "../api/insights.js";

export interface UnitValueEstimate {
  value: number;
  ci_low: number;
  ci_high: number;
  conversion_rate: number;
  average_order_value: number;
}

/** Fewer converting units than this and the average order value is a guess, not an estimate. */
const MIN_CONVERSIONS = 5;

/**
 * Value of one unit = conversion rate p × average order value ā, from `trials` units of which
 * `amounts.length` converted, each for its amount. The 95% interval is the delta method on the log
 * scale, var(log p̂ā) ≈ (1 − p)/(n·p) + s²/(k·ā²): the two sources of error are independent, and the
 * log scale keeps the interval positive and skewed as the small-count estimate is.
 */
export function estimateUnitValue(trials: number, amounts: readonly number[]): UnitValueEstimate | null {
  const converted = amounts.length;
  if (converted < MIN_CONVERSIONS || trials <= converted) return null;
  const rate = converted / trials;
  const average = mean(amounts);
  if (!(average > 0)) return null;
  const logSe = Math.sqrt((1 - rate) / (trials * rate) + variance(amounts) / (converted * average ** 2));
  const value = rate * average;
  return {
    value,
    ci_low: value * Math.exp(-Z_95 * logSe),
    ci_high: value * Math.exp(Z_95 * logSe),
    conversion_rate: rate,
    average_order_value: average,
  };
}

export interface ValueProposal {
  outcome: EstimatedOutcome;
  /** The unit value to adopt, or null when there is not enough data. */
  unit_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  currency: string;
  trials: number;
  conversions: number;
  conversion_rate: number | null;
  average_order_value: number | null;
  source: string;
  current_rule: { rule_id: string; unit_value: number; currency: string; valid_from: string | null } | null;
  /** Whether the fixed rule in use lies inside the estimate's interval. */
  current_rule_consistent: boolean | null;
}

/**
 * Sales in the reporting currency (refunds negative), with the click, customer and post they came
 * from: a sale without a click id inherits the click that first brought its customer, and a sale
 * through a tracking link inherits the link's post.
 */
const SALES_SQL = `
sales AS (
  SELECT c.conversion_id, c.customer_id, c.occurred_at, coalesce(c.click_id, k.first_click_id) AS click_id,
    coalesce(c.post_id, l.post_id) AS post_id,
    coalesce(c.value, 0) * CASE WHEN c.type = 'refund' THEN -1 ELSE 1 END
      * CASE WHEN c.currency IS NULL OR c.currency = $currency THEN 1 ELSE r.rate_to_reporting END AS amount
  FROM (SELECT *, local_day AS day FROM conversions WHERE workspace_id = $ws AND type IN ('sale', 'refund')) c
  LEFT JOIN customer_first_clicks k ON k.workspace_id = $ws AND k.customer_id = c.customer_id
  LEFT JOIN clicks ck ON ck.workspace_id = $ws AND ck.click_id = coalesce(c.click_id, k.first_click_id)
  LEFT JOIN links l ON l.workspace_id = $ws AND l.link_id = ck.link_id
  ASOF LEFT JOIN rates r ON c.currency = r.currency AND c.day >= r.date
)`;

interface Sample {
  trials: number;
  amounts: number[];
  source: string;
}

/** A sample's query: one amount per unit (0 for a unit that did not convert), over the period's sales. */
function sampleQuery(name: string, sql: string): Query<{ amount: number }> {
  return defineQuery(name, z.object({ amount: z.number() }), {
    duckdb: castDateParams(`WITH ${PERIOD_FACTS_SQL}, ${SALES_SQL} ${sql}`, ["from", "to"]),
  });
}

/** Each tracking-link click of the period with what its sales brought. Parameters: $ws, $tz, $currency, $from, $to. */
const clickSalesQuery = sampleQuery(
  "insights/click-sales",
  `, period_clicks AS (SELECT click_id FROM clicks WHERE workspace_id = $ws AND CAST(timezone($tz, occurred_at) AS DATE) BETWEEN $from AND $to)
     SELECT coalesce(sum(s.amount), 0) AS amount FROM period_clicks pc LEFT JOIN sales s USING (click_id) GROUP BY pc.click_id`,
);

/** Sales credited to the period's posts, one converting unit each. Parameters: as clickSalesQuery. */
const postSalesQuery = sampleQuery(
  "insights/post-sales",
  `SELECT s.amount FROM sales s JOIN period_posts p ON p.post_id = s.post_id WHERE s.amount > 0`,
);

/** Each customer who became a lead in the period with what they bought afterwards. Parameters: as clickSalesQuery. */
const leadSalesQuery = sampleQuery(
  "insights/lead-sales",
  `, period_leads AS (
       SELECT customer_id, min(occurred_at) AS led_at FROM conversions
       WHERE workspace_id = $ws AND type = 'lead' AND customer_id IS NOT NULL AND local_day BETWEEN $from AND $to
       GROUP BY customer_id)
     SELECT coalesce(sum(s.amount), 0) AS amount FROM period_leads pl
     LEFT JOIN sales s ON s.customer_id = pl.customer_id AND s.occurred_at >= pl.led_at GROUP BY pl.customer_id`,
);

/** Link clicks and engagements of the period's posts. Parameters: $ws, $tz, $currency, $from, $to. */
const postTotalsQuery = defineQuery(
  "insights/post-totals",
  z.object({ clicks: z.number(), engagements: z.number() }),
  {
    duckdb: castDateParams(
      `WITH ${PERIOD_FACTS_SQL} SELECT coalesce(sum(link_clicks), 0) AS clicks, coalesce(sum(engagements), 0) AS engagements FROM period_posts`,
      ["from", "to"],
    ),
  },
);

function sampleParams(workspace: Workspace, period: Period) {
  return { ws: workspace.id, tz: workspace.timezone, currency: workspace.currency, ...period };
}

async function sample(
  store: Store,
  workspace: Workspace,
  period: Period,
  query: Query<{ amount: number }>,
): Promise<number[]> {
  const rows = await runQuery(store, query, sampleParams(workspace, period));
  return rows.map((r) => r.amount);
}

function postTotals(store: Store, workspace: Workspace, period: Period) {
  return runQueryForOne(store, postTotalsQuery, sampleParams(workspace, period));
}

async function samples(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<Record<EstimatedOutcome, Sample>> {
  const trackedClicks = await sample(store, workspace, period, clickSalesQuery);
  const postSales = await sample(store, workspace, period, postSalesQuery);
  const totals = await postTotals(store, workspace, period);
  const leads = await sample(store, workspace, period, leadSalesQuery);
  const converted = (amounts: number[]) => amounts.filter((a) => a > 0);
  return {
    link_click:
      trackedClicks.length > 0
        ? {
            trials: trackedClicks.length,
            amounts: converted(trackedClicks),
            source: "tracking-link clicks of the period and the sales that followed them",
          }
        : {
            trials: totals.clicks,
            amounts: postSales,
            source: "link clicks of the period's posts and the sales credited to those posts",
          },
    lead: {
      trials: leads.length,
      amounts: converted(leads),
      source: "customers who became leads in the period and what they bought afterwards",
    },
    engaged_user: {
      trials: totals.engagements,
      amounts: postSales,
      source: "engagements on the period's posts and the sales credited to those posts",
    },
  };
}

/** The rule in force on $day for $outcome on every network, the latest starting first. Parameters: $ws, $outcome, $day. */
const currentRuleQuery = defineQuery(
  "insights/current-rule",
  valueProposalSchema.shape.current_rule.unwrap(),
  {
    duckdb: `SELECT rule_id, ${unitValueSql()} AS unit_value, currency, strftime(valid_from, '%Y-%m-%d') AS valid_from FROM value_rules
     WHERE workspace_id = $ws AND outcome = $outcome AND network IS NULL AND superseded_at IS NULL
       AND (valid_from IS NULL OR valid_from <= CAST($day AS DATE)) AND (valid_to IS NULL OR valid_to >= CAST($day AS DATE))
     ORDER BY valid_from DESC NULLS LAST LIMIT 1`,
  },
);

async function currentRule(store: Store, workspace: Workspace, outcome: string, day: string) {
  const [rule] = await runQuery(store, currentRuleQuery, { ws: workspace.id, outcome, day });
  return rule ?? null;
}

const money = (value: number) => Number(value.toPrecision(4));

/** Unit values estimated from the workspace's own conversions, next to the fixed rules in use. */
export async function valueEstimates(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<ValueProposal[]> {
  const bySample = await samples(store, workspace, period);
  const today = new Date().toISOString().slice(0, 10);
  const proposals: ValueProposal[] = [];
  for (const outcome of ESTIMATED_OUTCOMES) {
    const { trials, amounts, source } = bySample[outcome];
    const estimate = estimateUnitValue(trials, amounts);
    const rule = await currentRule(store, workspace, outcome, today);
    proposals.push({
      outcome,
      unit_value: estimate && money(estimate.value),
      ci_low: estimate && money(estimate.ci_low),
      ci_high: estimate && money(estimate.ci_high),
      currency: workspace.currency,
      trials,
      conversions: amounts.length,
      conversion_rate: estimate?.conversion_rate ?? null,
      average_order_value: estimate && money(estimate.average_order_value),
      source,
      current_rule: rule,
      current_rule_consistent:
        estimate && rule && rule.currency === workspace.currency
          ? rule.unit_value >= estimate.ci_low && rule.unit_value <= estimate.ci_high
          : null,
    });
  }
  return proposals;
}

/**
 * Writes a proposal as a value rule valid from today, versioned as any rule made by hand: a rule
 * for the same outcome already starting today is replaced.
 */
export async function adoptValueEstimate(
  store: Store,
  workspace: Workspace,
  proposal: ValueProposal,
): Promise<{ rule_id: string; outcome: string; unit_value: number; currency: string; valid_from: string }> {
  if (proposal.unit_value === null) {
    throw new Error(`not enough data to estimate a value per ${proposal.outcome}`);
  }
  const rule = {
    outcome: proposal.outcome,
    unit_value: proposal.unit_value,
    currency: proposal.currency,
    valid_from: new Date().toISOString().slice(0, 10),
  };
  const ruleId = await createValueRule(store, workspace.id, {
    ...rule,
    probability: null,
    price: null,
    network: null,
    retroactive: false,
  });
  return { rule_id: ruleId, ...rule };
}
