import { z } from "zod";
import { COST_LINES_SQL } from "../costs/cost-lines.js";
import type { Workspace } from "../domain/workspace.js";
import { ratio } from "../metrics/catalogue.js";
import type { Period } from "../period/data-period.js";
import { PERIOD_FACTS_SQL } from "../period/period-facts.js";
import { defineQuery, runQuery } from "../store/query.js";
import { castDateParams } from "../store/sql-params.js";
import type { Store } from "../store/store.js";

/** The keyword_cpcs row that prices organic clicks of posts without a matching campaign keyword. */
const DEFAULT_CPC_KEYWORD = "default";

interface EarnedClicksLine {
  campaign: string | null;
  organic_clicks: number;
  cpc: number | null;
  cpc_source: string;
  value: number | null;
}

export interface EarnedMediaValue {
  currency: string;
  formula: string;
  organic_clicks: number;
  organic_impressions: number;
  clicks_value: number;
  impressions_value: number | null;
  cpm: number | null;
  cpm_source: string;
  /** Organic clicks per campaign, each priced by its own CPC. */
  lines: EarnedClicksLine[];
}

/**
 * Organic clicks and impressions per campaign with the CPCs that may price them, and the period's
 * ad spend and paid posts' clicks and impressions on every row. Parameters: $ws, $currency,
 * $default_keyword, $from, $to.
 */
const campaignRows = defineQuery(
  "insights/earned-media-campaigns",
  z.object({
    campaign: z.string().nullable(),
    organic_clicks: z.number(),
    organic_impressions: z.number(),
    keyword: z.string().nullable(),
    keyword_cpc: z.number().nullable(),
    default_cpc: z.number().nullable(),
    spend: z.number(),
    paid_clicks: z.number(),
    paid_impressions: z.number(),
  }),
  {
    duckdb: castDateParams(
      `WITH ${PERIOD_FACTS_SQL}, ${COST_LINES_SQL},
       cpcs AS (
         SELECT lower(trim(k.keyword)) AS keyword, k.cpc * CASE WHEN k.currency = $currency THEN 1 ELSE
           (SELECT r.rate_to_reporting FROM currency_rates r WHERE r.workspace_id = $ws AND r.currency = k.currency AND r.date <= $to ORDER BY r.date DESC LIMIT 1) END AS cpc
         FROM keyword_cpcs k WHERE k.workspace_id = $ws),
       paid AS (SELECT coalesce(sum(link_clicks), 0) AS paid_clicks, coalesce(sum(impressions), 0) AS paid_impressions FROM period_posts WHERE paid > 0),
       spend AS (SELECT coalesce(sum(amount), 0) AS spend FROM cost_lines WHERE category = 'ads'),
       organic AS (
         SELECT campaign, sum(link_clicks) AS organic_clicks, sum(impressions) AS organic_impressions
         FROM period_posts WHERE paid = 0 GROUP BY campaign)
       SELECT o.campaign, o.organic_clicks, o.organic_impressions, c.keyword, c.cpc AS keyword_cpc,
         (SELECT cpc FROM cpcs WHERE keyword = $default_keyword) AS default_cpc,
         s.spend, p.paid_clicks, p.paid_impressions
       FROM organic o CROSS JOIN paid p CROSS JOIN spend s
       LEFT JOIN cpcs c ON c.keyword = lower(trim(o.campaign))
       ORDER BY o.organic_clicks DESC, o.campaign NULLS LAST`,
      ["from", "to"],
    ),
  },
);

/**
 * Earned media value of organic posts (paid = 0 or empty): organic clicks × the equivalent CPC,
 * taken from keyword_cpcs for the post's campaign, else the "default" keyword, else the workspace's
 * own paid average (ad spend ÷ clicks on paid posts); organic impressions ÷ 1000 × the paid average
 * CPM (ad spend ÷ paid impressions × 1000). Every price says where it came from.
 */
export async function earnedMediaValue(
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<EarnedMediaValue> {
  const rows = await runQuery(store, campaignRows, {
    ws: workspace.id,
    currency: workspace.currency,
    default_keyword: DEFAULT_CPC_KEYWORD,
    ...period,
  });
  const first = rows[0];
  const spend = first?.spend ?? 0;
  const paidCpc = ratio(spend, first?.paid_clicks);
  const paidCpm = ratio(spend * 1000, first?.paid_impressions);
  const paidSource = `ad spend ${spend.toFixed(2)} ÷ ${first?.paid_clicks ?? 0} clicks on paid posts`;
  const lines = rows.map((row): EarnedClicksLine => {
    const [cpc, source] =
      row.keyword_cpc !== null
        ? [row.keyword_cpc, `keyword_cpcs "${row.keyword}" (matches the campaign)`]
        : row.default_cpc !== null
          ? [row.default_cpc, `keyword_cpcs "${DEFAULT_CPC_KEYWORD}"`]
          : paidCpc !== null
            ? [paidCpc, `average CPC of paid posts: ${paidSource}`]
            : [
                null,
                "no CPC known: import keyword_cpcs (a campaign or a 'default' keyword) or ad spend with paid posts",
              ];
    return {
      campaign: row.campaign,
      organic_clicks: row.organic_clicks,
      cpc,
      cpc_source: source,
      value: cpc === null ? null : row.organic_clicks * cpc,
    };
  });
  const organicImpressions = rows.reduce((sum, r) => sum + r.organic_impressions, 0);
  return {
    currency: workspace.currency,
    formula:
      "organic clicks × equivalent CPC; organic impressions ÷ 1000 × equivalent CPM (organic = paid 0 or empty)",
    organic_clicks: lines.reduce((sum, l) => sum + l.organic_clicks, 0),
    organic_impressions: organicImpressions,
    clicks_value: lines.reduce((sum, l) => sum + (l.value ?? 0), 0),
    impressions_value: paidCpm === null ? null : (organicImpressions / 1000) * paidCpm,
    cpm: paidCpm,
    cpm_source:
      paidCpm === null
        ? "no CPM known: import ad spend (costs of category ads) and paid posts with impressions"
        : `average CPM of paid posts: ad spend ${spend.toFixed(2)} ÷ ${first?.paid_impressions ?? 0} paid impressions × 1000`,
    lines,
  };
}
