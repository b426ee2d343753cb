import type { Locale } from "../domain/workspace.js";
import { metricById } from "./catalogue.js";

/** Business goals of PRODUCT.md §2 and the indicators that serve them. */
export interface GoalDefinition {
  id: string;
  label: Record<Locale, string>;
  indicators: string[];
}

export const GOALS: GoalDefinition[] = [
  {
    id: "brand_image",
    label: { en: "Brand image", fr: "Image de marque", nl: "Merkimago" },
    indicators: ["impressions", "reach", "mentions", "shares", "traffic"],
  },
  {
    id: "community_development",
    label: {
      en: "Community development",
      fr: "Développement de la communauté",
      nl: "Groei van de community",
    },
    indicators: ["followers", "follower_growth_rate", "shares", "traffic"],
  },
  {
    id: "community_engagement",
    label: {
      en: "Community engagement",
      fr: "Engagement de la communauté",
      nl: "Betrokkenheid van de community",
    },
    indicators: ["engagements", "engagement_rate"],
  },
  {
    id: "customer_satisfaction",
    label: {
      en: "Customer satisfaction and loyalty",
      fr: "Satisfaction et fidélité des clients",
      nl: "Klanttevredenheid en loyaliteit",
    },
    indicators: ["mentions", "positive_mentions", "negative_mentions"],
  },
  {
    id: "lead_conversion",
    label: { en: "Lead conversion", fr: "Conversion de prospects", nl: "Leadconversie" },
    indicators: ["leads"],
  },
  {
    id: "sales_conversion",
    label: { en: "Sales conversion", fr: "Conversion en ventes", nl: "Verkoopconversie" },
    indicators: ["customers", "revenue", "conversion_rate", "cpa", "revenue_roi", "roas"],
  },
  {
    id: "cost_efficiency",
    label: {
      en: "Cost efficiency (paid)",
      fr: "Efficacité des coûts (payant)",
      nl: "Kostenefficiëntie (betaald)",
    },
    indicators: ["cpc", "cpm", "ctr", "cpl", "cpa"],
  },
];

/** The indicators a goal can be set on: those goals/indicator-values.ts measures (its type says so). */
const GOAL_INDICATORS = [
  "impressions",
  "reach",
  "engagements",
  "clicks",
  "leads",
  "customers",
  "revenue",
  "value",
  "assigned_value",
  "cost",
  "revenue_roi",
  "total_roi",
  "roas",
  "cpc",
  "cpm",
  "cpl",
  "cpa",
  "ctr",
  "engagement_rate",
  "traffic",
  "conversion_rate",
  "shares",
  "mentions",
  "positive_mentions",
  "negative_mentions",
  "followers",
  "follower_growth_rate",
] as const;
export type GoalIndicator = (typeof GOAL_INDICATORS)[number];

/**
 * How each indicator behaves over a goal's period, from the metrics catalogue: sums grow with time
 * (and are projected to the period's end), levels and ratios are read as they stand; costs per
 * result are better when lower.
 */
export const INDICATOR_KINDS: Record<string, { accumulates: boolean; lowerIsBetter: boolean }> =
  Object.fromEntries(
    GOAL_INDICATORS.map((id) => {
      const metric = metricById(id);
      if (!metric) throw new Error(`goal indicator ${id} has no definition in the metrics catalogue`);
      return [id, { accumulates: metric.accumulates, lowerIsBetter: metric.better === "lower" }];
    }),
  );

export function goalLabel(goal: string, locale: Locale): string {
  return GOALS.find((g) => g.id === goal)?.label[locale] ?? goal;
}
