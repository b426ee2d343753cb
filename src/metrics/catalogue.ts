import type { Locale } from "../domain/workspace.js";

/**
 * Every indicator of PRODUCT.md §2, defined once. Outputs show `formula` next to a figure and the
 * definition in the reader's language; `ratio` is the only way a ratio is computed.
 */
/** How a figure is measured: what it counts in, and how it behaves over time. */
type Measure =
  /** A number of things, summed over the period. */
  | "count"
  /** Money, summed over the period. */
  | "amount"
  /** A number read as it stands at a moment (followers): not summed, not projected. */
  | "level"
  /** A share or a rate, shown as a percentage. */
  | "percent"
  /** Money per unit (a cost per click). */
  | "money_ratio"
  /** Times the divisor (ROAS: 3.2 ×). */
  | "multiple";

export interface MetricDefinition {
  id: string;
  /** Kept for readers of the API and `socialroi metrics --json`: count, amount or ratio. */
  kind: "count" | "amount" | "ratio";
  unit: "count" | "money" | "percent" | "multiple";
  /** Sums grow with a period (a goal projects them to its end); levels and ratios are read as they stand. */
  accumulates: boolean;
  /** Whether a goal is met from above (reach) or from below (cost per lead). */
  better: "higher" | "lower";
  formula: Record<Locale, string>;
  name: Record<Locale, string>;
  definition: Record<Locale, string>;
  /** Where the inputs come from, so a figure can say how it was computed. */
  source: string;
}

/** numerator ÷ denominator, or null ("n/a") when the denominator is zero or unknown. */
export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
): number | null {
  if (numerator === null || numerator === undefined || !denominator) return null;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : null;
}

const MEASURES: Record<Measure, Pick<MetricDefinition, "kind" | "unit" | "accumulates">> = {
  count: { kind: "count", unit: "count", accumulates: true },
  amount: { kind: "amount", unit: "money", accumulates: true },
  level: { kind: "count", unit: "count", accumulates: false },
  percent: { kind: "ratio", unit: "percent", accumulates: false },
  money_ratio: { kind: "ratio", unit: "money", accumulates: false },
  multiple: { kind: "ratio", unit: "multiple", accumulates: false },
};

/** Costs per result are better when lower; every other figure when higher. */
function metric<const Id extends string>(
  id: Id,
  measure: Measure,
  formula: [string, string, string],
  source: string,
  name: [string, string, string],
  definition: [string, string, string],
  better: MetricDefinition["better"] = measure === "money_ratio" ? "lower" : "higher",
): MetricDefinition & { id: Id } {
  return {
    id,
    ...MEASURES[measure],
    better,
    formula: { en: formula[0], fr: formula[1], nl: formula[2] },
    source,
    name: { en: name[0], fr: name[1], nl: name[2] },
    definition: { en: definition[0], fr: definition[1], nl: definition[2] },
  };
}

/**
 * The sums of an ROI row (a network, campaign, month or post, or the total), as the ROI query
 * computes them; every ratio of the row is computed from them here.
 */
export interface RoiSums {
  cost: number;
  ad_spend: number;
  revenue: number;
  assigned_value: number;
  value: number;
  leads: number;
  customers: number;
  new_customers: number;
  clicks: number;
  impressions: number;
  /** Null when no post of the row reports reach. */
  reach: number | null;
  engagements: number;
  posts: number;
}

/** A ratio every ROI row carries: adding one here puts it in the rows, the API and its document. */
function roiRatio<const Id extends string>(
  definition: MetricDefinition & { id: Id },
  ofSums: (sums: RoiSums) => number | null,
): MetricDefinition & { id: Id; ofRoiSums: (sums: RoiSums) => number | null } {
  return { ...definition, ofRoiSums: ofSums };
}

/** A ratio times a constant (per thousand), n/a staying n/a. */
function scaled(value: number | null, factor: number): number | null {
  return value === null ? null : value * factor;
}

const POSTS = "posts: lifetime figures of the posts published in the period";
const COSTS =
  "costs: entries in the period, spread by day or recurring monthly, shared costs allocated by the workspace's rule";
const MENTIONS = "mentions: imported mentions of the brand, with their sentiment";
const CONVERSIONS = "conversions: sales minus refunds, leads and custom events in the period";

export const METRICS = [
  metric(
    "impressions",
    "count",
    ["sum of impressions", "somme des affichages", "som van de vertoningen"],
    POSTS,
    ["Impressions", "Impressions", "Vertoningen"],
    [
      "How many times posts were shown.",
      "Nombre de fois où les publications ont été affichées.",
      "Hoe vaak berichten werden getoond.",
    ],
  ),
  metric(
    "reach",
    "count",
    [
      "sum of reach; n/a when no post reports it (X exports have none)",
      "somme de la portée",
      "som van het bereik",
    ],
    POSTS,
    ["Reach", "Portée", "Bereik"],
    [
      "How many people saw the posts.",
      "Nombre de personnes qui ont vu les publications.",
      "Hoeveel mensen de berichten zagen.",
    ],
  ),
  metric(
    "engagements",
    "count",
    [
      "likes + comments + shares + other interactions",
      "j'aime + commentaires + partages + autres interactions",
      "likes + opmerkingen + shares + andere interacties",
    ],
    POSTS,
    ["Interactions", "Interactions", "Interacties"],
    [
      "Reactions, comments, shares and other interactions with the posts.",
      "Réactions, commentaires, partages et autres interactions avec les publications.",
      "Reacties, opmerkingen, shares en andere interacties met de berichten.",
    ],
  ),
  metric(
    "clicks",
    "count",
    ["sum of link clicks", "somme des clics sur les liens", "som van de linkklikken"],
    POSTS,
    ["Link clicks", "Clics sur les liens", "Linkklikken"],
    [
      "Clicks on links in the posts.",
      "Clics sur les liens des publications.",
      "Klikken op links in de berichten.",
    ],
  ),
  metric(
    "leads",
    "count",
    ["count of lead conversions", "nombre de prospects", "aantal leads"],
    CONVERSIONS,
    ["Leads", "Prospects", "Leads"],
    [
      "People who left their details (sign-up, download, contact request).",
      "Personnes qui ont laissé leurs coordonnées (inscription, téléchargement, demande de contact).",
      "Mensen die hun gegevens achterlieten (inschrijving, download, contactaanvraag).",
    ],
  ),
  metric(
    "customers",
    "count",
    [
      "distinct customers with a sale",
      "nombre de clients distincts ayant acheté",
      "aantal verschillende klanten met een aankoop",
    ],
    CONVERSIONS,
    ["Customers", "Clients", "Klanten"],
    [
      "Different people who bought something.",
      "Personnes différentes qui ont acheté quelque chose.",
      "Verschillende mensen die iets kochten.",
    ],
  ),
  metric(
    "new_customers",
    "count",
    [
      "customers whose first purchase ever falls in the period (by month: in that month); a sale without a customer id counts as one",
      "clients dont le premier achat tombe dans la période (par mois : dans ce mois) ; une vente sans identifiant client compte pour un",
      "klanten van wie de eerste aankoop ooit in de periode valt (per maand: in die maand); een verkoop zonder klant-id telt als één",
    ],
    CONVERSIONS,
    ["New customers", "Nouveaux clients", "Nieuwe klanten"],
    [
      "People who bought for the first time.",
      "Personnes qui ont acheté pour la première fois.",
      "Mensen die voor het eerst iets kochten.",
    ],
  ),
  metric(
    "revenue",
    "amount",
    ["sales − refunds", "ventes − remboursements", "verkopen − terugbetalingen"],
    CONVERSIONS,
    ["Revenue", "Chiffre d'affaires", "Omzet"],
    [
      "Money from sales tied to social media, minus refunds.",
      "Argent des ventes liées aux réseaux sociaux, moins les remboursements.",
      "Geld uit verkopen die aan sociale media gekoppeld zijn, min terugbetalingen.",
    ],
  ),
  metric(
    "assigned_value",
    "amount",
    [
      "Σ outcome × unit value of the rule valid that day",
      "somme des résultats × valeur unitaire de la règle en vigueur ce jour-là",
      "som van de resultaten × waarde per eenheid van de regel die die dag gold",
    ],
    "value rules applied to posts and conversions",
    ["Assigned value", "Valeur attribuée", "Toegekende waarde"],
    [
      "What leads, clicks and interactions are worth by the value rules you set.",
      "Ce que valent les prospects, clics et interactions selon les règles de valeur que vous avez fixées.",
      "Wat leads, klikken en interacties waard zijn volgens de waarderegels die u instelde.",
    ],
  ),
  metric(
    "value",
    "amount",
    ["revenue + assigned value", "chiffre d'affaires + valeur attribuée", "omzet + toegekende waarde"],
    "revenue and value rules",
    ["Total value", "Valeur totale", "Totale waarde"],
    [
      "Revenue plus the value assigned to other results.",
      "Le chiffre d'affaires plus la valeur attribuée aux autres résultats.",
      "Omzet plus de waarde die aan andere resultaten is toegekend.",
    ],
  ),
  metric(
    "cost",
    "amount",
    [
      "ads + tools + content + team + agency + other",
      "publicité + outils + contenu + équipe + agences + autres",
      "advertenties + tools + content + team + bureaus + overige",
    ],
    COSTS,
    ["Cost", "Coût", "Kosten"],
    [
      "Everything social media cost: ads, tools, content, team, agencies.",
      "Tout ce que les réseaux sociaux ont coûté : publicité, outils, contenu, équipe, agences.",
      "Alles wat sociale media kostte: advertenties, tools, content, team, bureaus.",
    ],
    "lower",
  ),
  metric(
    "engagement_rate",
    "percent",
    [
      "engagements ÷ impressions (or reach, or followers, as chosen)",
      "interactions ÷ affichages",
      "interacties ÷ vertoningen",
    ],
    POSTS,
    ["Engagement rate", "Taux d'engagement", "Engagementgraad"],
    [
      "Share of the audience that interacted.",
      "Part de l'audience qui a interagi.",
      "Aandeel van het publiek dat interageerde.",
    ],
  ),
  roiRatio(
    metric(
      "ctr",
      "percent",
      ["link clicks ÷ impressions", "clics sur les liens ÷ affichages", "linkklikken ÷ vertoningen"],
      POSTS,
      ["Click-through rate (CTR)", "Taux de clics (CTR)", "Doorklikratio (CTR)"],
      [
        "Share of impressions that led to a click.",
        "Part des affichages qui ont mené à un clic.",
        "Aandeel van de vertoningen dat tot een klik leidde.",
      ],
    ),
    (s) => ratio(s.clicks, s.impressions),
  ),
  roiRatio(
    metric(
      "cpc",
      "money_ratio",
      [
        "ad spend ÷ link clicks",
        "dépenses publicitaires ÷ clics sur les liens",
        "advertentie-uitgaven ÷ linkklikken",
      ],
      `${COSTS}; ${POSTS}`,
      ["Cost per click (CPC)", "Coût par clic (CPC)", "Kosten per klik (CPC)"],
      [
        "What one click cost in advertising.",
        "Ce qu'un clic a coûté en publicité.",
        "Wat één klik kostte aan advertenties.",
      ],
    ),
    (s) => ratio(s.ad_spend, s.clicks),
  ),
  roiRatio(
    metric(
      "cpm",
      "money_ratio",
      [
        "ad spend ÷ impressions × 1000",
        "dépenses publicitaires ÷ affichages × 1000",
        "advertentie-uitgaven ÷ vertoningen × 1000",
      ],
      `${COSTS}; ${POSTS}`,
      [
        "Cost per thousand impressions (CPM)",
        "Coût pour mille affichages (CPM)",
        "Kosten per duizend vertoningen (CPM)",
      ],
      [
        "What a thousand impressions cost in advertising.",
        "Ce que mille affichages ont coûté en publicité.",
        "Wat duizend vertoningen kostten aan advertenties.",
      ],
    ),
    (s) => scaled(ratio(s.ad_spend, s.impressions), 1000),
  ),
  roiRatio(
    metric(
      "cpl",
      "money_ratio",
      ["cost ÷ leads", "coût ÷ prospects", "kosten ÷ leads"],
      `${COSTS}; ${CONVERSIONS}`,
      ["Cost per lead (CPL)", "Coût par prospect (CPL)", "Kosten per lead (CPL)"],
      ["What one lead cost.", "Ce qu'un prospect a coûté.", "Wat één lead kostte."],
    ),
    (s) => ratio(s.cost, s.leads),
  ),
  roiRatio(
    metric(
      "cpa",
      "money_ratio",
      ["cost ÷ new customers", "coût ÷ nouveaux clients", "kosten ÷ nieuwe klanten"],
      `${COSTS}; ${CONVERSIONS}`,
      ["Cost per acquisition (CPA)", "Coût d'acquisition (CPA)", "Kosten per klant (CPA)"],
      [
        "What winning one customer cost.",
        "Ce qu'a coûté l'acquisition d'un client.",
        "Wat het winnen van één klant kostte.",
      ],
    ),
    (s) => ratio(s.cost, s.new_customers),
  ),
  roiRatio(
    metric(
      "cpe",
      "money_ratio",
      ["cost ÷ engagements", "coût ÷ interactions", "kosten ÷ interacties"],
      `${COSTS}; ${POSTS}`,
      ["Cost per engagement (CPE)", "Coût par interaction (CPE)", "Kosten per interactie (CPE)"],
      [
        "What one interaction with the posts cost.",
        "Ce qu'une interaction avec les publications a coûté.",
        "Wat één interactie met de berichten kostte.",
      ],
    ),
    (s) => ratio(s.cost, s.engagements),
  ),
  roiRatio(
    metric(
      "roas",
      "multiple",
      ["revenue ÷ ad spend", "chiffre d'affaires ÷ dépenses publicitaires", "omzet ÷ advertentie-uitgaven"],
      `${CONVERSIONS}; ${COSTS}`,
      [
        "Return on ad spend (ROAS)",
        "Retour sur dépenses publicitaires (ROAS)",
        "Rendement op advertentie-uitgaven (ROAS)",
      ],
      [
        "Revenue earned for each unit spent on ads.",
        "Chiffre d'affaires gagné pour chaque unité dépensée en publicité.",
        "Omzet per uitgegeven eenheid aan advertenties.",
      ],
    ),
    (s) => ratio(s.revenue, s.ad_spend),
  ),
  roiRatio(
    metric(
      "revenue_roi",
      "percent",
      ["(revenue − cost) ÷ cost", "(chiffre d'affaires − coût) ÷ coût", "(omzet − kosten) ÷ kosten"],
      `${CONVERSIONS}; ${COSTS}`,
      [
        "Revenue return on investment (ROI)",
        "Retour sur investissement (ROI) en chiffre d'affaires",
        "Rendement op investering (ROI) in omzet",
      ],
      [
        "Profit from revenue alone, per unit of cost: 0.5 means you earned back the cost plus half of it.",
        "Gain tiré du seul chiffre d'affaires, par unité de coût : 0,5 signifie que vous avez récupéré le coût plus la moitié.",
        "Winst uit omzet alleen, per eenheid kosten: 0,5 betekent dat u de kosten plus de helft terugverdiende.",
      ],
    ),
    (s) => ratio(s.revenue - s.cost, s.cost),
  ),
  roiRatio(
    metric(
      "total_roi",
      "percent",
      [
        "(revenue + assigned value − cost) ÷ cost",
        "(chiffre d'affaires + valeur attribuée − coût) ÷ coût",
        "(omzet + toegekende waarde − kosten) ÷ kosten",
      ],
      `${CONVERSIONS}; value rules; ${COSTS}`,
      ["Total return on investment", "Retour sur investissement total", "Totaal rendement op investering"],
      [
        "Like revenue ROI, counting also the value assigned to leads, clicks and interactions.",
        "Comme le ROI en chiffre d'affaires, en comptant aussi la valeur attribuée aux prospects, clics et interactions.",
        "Zoals de ROI in omzet, maar ook met de waarde van leads, klikken en interacties.",
      ],
    ),
    (s) => ratio(s.revenue + s.assigned_value - s.cost, s.cost),
  ),
  metric(
    "shares",
    "count",
    [
      "sum of shares (reposts, retweets)",
      "somme des partages (republications, retweets)",
      "som van de shares (reposts, retweets)",
    ],
    POSTS,
    ["Shares", "Partages", "Gedeeld"],
    [
      "How many times people passed the posts on.",
      "Nombre de fois où les publications ont été partagées.",
      "Hoe vaak mensen de berichten doorgaven.",
    ],
  ),
  metric(
    "mentions",
    "count",
    [
      "sum of mentions of the brand",
      "somme des mentions de la marque",
      "som van de vermeldingen van het merk",
    ],
    MENTIONS,
    ["Mentions", "Mentions", "Vermeldingen"],
    [
      "How often people talked about the brand.",
      "Nombre de fois où l'on a parlé de la marque.",
      "Hoe vaak mensen over het merk spraken.",
    ],
  ),
  metric(
    "positive_mentions",
    "count",
    [
      "mentions whose sentiment is positive",
      "mentions au sentiment positif",
      "vermeldingen met een positief sentiment",
    ],
    MENTIONS,
    ["Positive mentions", "Mentions positives", "Positieve vermeldingen"],
    [
      "Mentions that speak well of the brand.",
      "Mentions qui parlent en bien de la marque.",
      "Vermeldingen die positief over het merk zijn.",
    ],
  ),
  metric(
    "negative_mentions",
    "count",
    [
      "mentions whose sentiment is negative",
      "mentions au sentiment négatif",
      "vermeldingen met een negatief sentiment",
    ],
    MENTIONS,
    ["Negative mentions", "Mentions négatives", "Negatieve vermeldingen"],
    [
      "Mentions that speak ill of the brand: fewer is better.",
      "Mentions qui parlent en mal de la marque : moins il y en a, mieux c'est.",
      "Vermeldingen die negatief over het merk zijn: minder is beter.",
    ],
    "lower",
  ),
  metric(
    "followers",
    "level",
    [
      "followers at the end of the period",
      "abonnés à la fin de la période",
      "volgers aan het einde van de periode",
    ],
    "account days: the last day of the period with a follower count",
    ["Followers", "Abonnés", "Volgers"],
    [
      "How many people follow the account.",
      "Nombre de personnes abonnées au compte.",
      "Hoeveel mensen het account volgen.",
    ],
  ),
  metric(
    "traffic",
    "count",
    ["sessions from the network", "visites venues du réseau", "bezoeken vanuit het netwerk"],
    "traffic: web sessions by source, classified into networks",
    ["Traffic", "Trafic", "Verkeer"],
    [
      "Visits to your website that came from the network.",
      "Visites de votre site venues du réseau.",
      "Bezoeken aan uw website die van het netwerk kwamen.",
    ],
  ),
  metric(
    "share_of_traffic",
    "percent",
    [
      "network traffic ÷ all traffic",
      "trafic du réseau ÷ trafic total",
      "verkeer van het netwerk ÷ totaal verkeer",
    ],
    "traffic",
    ["Share of traffic", "Part du trafic", "Aandeel in verkeer"],
    [
      "The network's share of all visits to your website.",
      "Part du réseau dans toutes les visites de votre site.",
      "Aandeel van het netwerk in alle bezoeken aan uw website.",
    ],
  ),
  metric(
    "conversion_rate",
    "percent",
    [
      "next step ÷ previous step (traffic ÷ reach, leads ÷ traffic, customers ÷ leads)",
      "étape suivante ÷ étape précédente (trafic ÷ portée, prospects ÷ trafic, clients ÷ prospects)",
      "volgende stap ÷ vorige stap (verkeer ÷ bereik, leads ÷ verkeer, klanten ÷ leads)",
    ],
    "funnel",
    ["Conversion rate", "Taux de conversion", "Conversieratio"],
    [
      "Share of people who go on to the next step.",
      "Part des personnes qui passent à l'étape suivante.",
      "Aandeel mensen dat naar de volgende stap gaat.",
    ],
  ),
  metric(
    "follower_growth_rate",
    "percent",
    [
      "(followers end − followers start) ÷ followers start",
      "(abonnés fin − abonnés début) ÷ abonnés début",
      "(volgers einde − volgers begin) ÷ volgers begin",
    ],
    "account days",
    ["Follower growth rate", "Taux de croissance des abonnés", "Groei van volgers"],
    [
      "How much the community grew over the period.",
      "De combien la communauté a grandi sur la période.",
      "Hoeveel de community groeide in de periode.",
    ],
  ),
  metric(
    "earned_media_value",
    "amount",
    [
      "organic clicks × equivalent CPC + organic impressions ÷ 1000 × equivalent CPM",
      "clics organiques × CPC équivalent + affichages organiques ÷ 1000 × CPM équivalent",
      "organische klikken × equivalente CPC + organische vertoningen ÷ 1000 × equivalente CPM",
    ],
    "posts; keyword CPCs",
    ["Earned media value", "Valeur média gagnée", "Verdiende mediawaarde"],
    [
      "What your unpaid reach would have cost as advertising.",
      "Ce que votre audience non payée aurait coûté en publicité.",
      "Wat uw onbetaalde bereik als advertentie gekost zou hebben.",
    ],
  ),
  metric(
    "organic_amplification",
    "multiple",
    ["organic reach ÷ paid reach", "portée organique ÷ portée payante", "organisch bereik ÷ betaald bereik"],
    POSTS,
    ["Organic amplification", "Amplification organique", "Organische versterking"],
    [
      "People reached for free for each person reached by ads.",
      "Personnes atteintes gratuitement pour chaque personne atteinte par la publicité.",
      "Mensen die gratis bereikt werden per persoon bereikt via advertenties.",
    ],
  ),
];

type RoiRatioDefinition = Extract<(typeof METRICS)[number], { ofRoiSums: unknown }>;
export type RoiRatioId = RoiRatioDefinition["id"];

/** The ratios every ROI row carries, computed from its sums. */
export const ROI_RATIOS: readonly RoiRatioDefinition[] = METRICS.filter(
  (m): m is RoiRatioDefinition => "ofRoiSums" in m,
);

/**
 * The figures of ROI rows shown as table columns, in order: reports keep to those a reader weighs
 * first, the dashboard adds reach and click figures.
 */
export const ROI_COLUMNS = {
  report: [
    "cost",
    "revenue",
    "assigned_value",
    "revenue_roi",
    "total_roi",
    "roas",
    "leads",
    "customers",
    "cpl",
    "cpa",
  ],
  dashboard: [
    "cost",
    "revenue",
    "assigned_value",
    "revenue_roi",
    "total_roi",
    "roas",
    "leads",
    "customers",
    "new_customers",
    "cpl",
    "cpa",
    "cpe",
    "clicks",
    "impressions",
    "ctr",
  ],
} as const satisfies Record<string, readonly (keyof RoiSums | RoiRatioId)[]>;

/** Every ratio of an ROI row, from its sums. */
export function roiRatios(sums: RoiSums): Record<RoiRatioId, number | null> {
  return Object.fromEntries(ROI_RATIOS.map((m) => [m.id, m.ofRoiSums(sums)])) as Record<
    RoiRatioId,
    number | null
  >;
}

export function metricById(id: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id);
}
