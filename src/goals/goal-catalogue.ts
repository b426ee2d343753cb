import type { Locale } from "../domain/workspace.js";

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

/**
 * How an indicator behaves over a goal's period: sums grow with time (and are projected to the
 * period's end), levels and ratios are read as they stand; costs per result are better when lower.
 */
export const INDICATOR_KINDS: Record<string, { accumulates: boolean; lowerIsBetter: boolean }> = {
  impressions: { accumulates: true, lowerIsBetter: false },
  reach: { accumulates: true, lowerIsBetter: false },
  engagements: { accumulates: true, lowerIsBetter: false },
  clicks: { accumulates: true, lowerIsBetter: false },
  shares: { accumulates: true, lowerIsBetter: false },
  mentions: { accumulates: true, lowerIsBetter: false },
  positive_mentions: { accumulates: true, lowerIsBetter: false },
  negative_mentions: { accumulates: true, lowerIsBetter: true },
  traffic: { accumulates: true, lowerIsBetter: false },
  leads: { accumulates: true, lowerIsBetter: false },
  customers: { accumulates: true, lowerIsBetter: false },
  revenue: { accumulates: true, lowerIsBetter: false },
  value: { accumulates: true, lowerIsBetter: false },
  assigned_value: { accumulates: true, lowerIsBetter: false },
  cost: { accumulates: true, lowerIsBetter: true },
  followers: { accumulates: false, lowerIsBetter: false },
  follower_growth_rate: { accumulates: false, lowerIsBetter: false },
  engagement_rate: { accumulates: false, lowerIsBetter: false },
  ctr: { accumulates: false, lowerIsBetter: false },
  conversion_rate: { accumulates: false, lowerIsBetter: false },
  revenue_roi: { accumulates: false, lowerIsBetter: false },
  total_roi: { accumulates: false, lowerIsBetter: false },
  roas: { accumulates: false, lowerIsBetter: false },
  cpc: { accumulates: false, lowerIsBetter: true },
  cpm: { accumulates: false, lowerIsBetter: true },
  cpl: { accumulates: false, lowerIsBetter: true },
  cpa: { accumulates: false, lowerIsBetter: true },
};

export function goalLabel(goal: string, locale: Locale): string {
  return GOALS.find((g) => g.id === goal)?.label[locale] ?? goal;
}
