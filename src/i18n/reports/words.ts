import type { ModelName } from "../../api/attribution.js";
import type { AllocationRule, Locale } from "../../domain/workspace.js";

/**
 * Every word a report prints, in the three reader languages. Sentences that carry figures are
 * functions of already formatted values, so word order follows each language's grammar.
 */
export interface ReportWords {
  title: string;
  preparedFor: (company: string) => string;
  period: string;
  /** "Label: value" with the colon spacing of the language. */
  labelled: (label: string, value: string) => string;
  comparedWith: string;
  generatedOn: string;
  page: (n: number, of: number) => string;
  sections: Record<SectionWord, string>;
  columns: Record<ColumnWord, string>;
  categories: Record<string, string>;
  outcomes: Record<string, string>;
  yes: string;
  no: string;
  notAvailable: string;
  noNetwork: string;
  noCampaign: string;
  unallocated: string;
  total: string;
  howComputed: string;
  noData: string;
  summary: {
    headline: (a: { cost: string; revenue: string; value: string }) => string;
    revenueRoi: (a: { roi: string; revenue: string; cost: string; gain: boolean }) => string;
    totalRoi: (a: { roi: string; assigned: string }) => string;
    noCost: string;
    change: (a: { what: string; now: string; before: string; up: boolean }) => string;
    bestNetwork: (a: { network: string; roi: string }) => string;
    funnel: (a: { reach: string; traffic: string; leads: string; customers: string }) => string;
    goals: (a: { onTrack: number; total: number }) => string;
    acronyms: string;
  };
  funnelTrafficBasis: Record<"sessions" | "link_clicks", string>;
  allocation: Record<AllocationRule, string>;
  metricsBasis: string;
  method: {
    intro: string;
    definitions: string;
    valueRules: string;
    noValueRules: string;
    attribution: string;
    notMeasuredIntro: string;
    notMeasured: string[];
    ratios: string;
  };
  postsIntro: (a: { metric: string }) => string;
  best: string;
  worst: string;
  goalsIntro: string;
  noGoals: string;
  kpis: string;
  attribution: {
    intro: (a: { days: number }) => string;
    totals: (a: { conversions: string; value: string }) => string;
    unattributed: (a: { conversions: string; value: string; days: number }) => string;
    noJourneys: (a: { days: number }) => string;
    models: Record<ModelName, string>;
    conversionShares: string;
    valueShares: string;
    /** Which model credits the revenue of the return tables (computeRoi's revenue_attribution). */
    revenueModel: (a: { model: string; scope: "all" | "undirected"; days: number }) => string;
  };
  insights: {
    driversIntro: (a: { metric: string }) => string;
    bestTimesIntro: (a: { metric: string; minPosts: number }) => string;
    noBestTimes: (a: { minPosts: number }) => string;
    bestTimes: string;
    emvIntro: string;
    emv: string;
    emvTotal: (a: { value: string }) => string;
    noPrice: string;
    organicClicks: (campaign: string) => string;
    organicImpressions: string;
  };
  mmm: MmmSectionWords;
}

/** Why the marketing mix model gave no figures (src/mmm/series.ts, MmmDataProblem). */
type MmmRefusal =
  | "no_channels"
  | "irregular_dates"
  | "too_few_periods"
  | "no_spend_variation"
  | "collinear_channels"
  | "constant_kpi";

interface MmmSectionWords {
  intro: string;
  fit: (a: {
    r2: string;
    mape: string;
    holdout: string | null;
    baseline: string;
    low: string;
    high: string;
  }) => string;
  /** One sentence instead of figures: the data cannot carry a model. */
  refused: Record<MmmRefusal, string>;
  channels: string;
  sideBySide: string;
  columns: {
    spend: string;
    added: string;
    low: string;
    high: string;
    roi: string;
    marginalRoi: string;
    halfLife: string;
    creditLow: string;
    creditHigh: string;
    incremental: string;
    verdict: string;
  };
  verdicts: Record<"agree" | "mmm_higher" | "mmm_lower", string>;
}

type SectionWord =
  | "summary"
  | "goals"
  | "roi_network"
  | "roi_campaign"
  | "funnel"
  | "costs"
  | "value"
  | "posts"
  | "attribution"
  | "insights"
  | "mmm"
  | "method";

type ColumnWord =
  | "network"
  | "campaign"
  | "month"
  | "category"
  | "amount"
  | "share"
  | "rule"
  | "outcome"
  | "unitValue"
  | "quantity"
  | "goal"
  | "indicator"
  | "periodStart"
  | "periodEnd"
  | "target"
  | "actual"
  | "progress"
  | "expectedProgress"
  | "projection"
  | "onTrack"
  | "published"
  | "type"
  | "text"
  | "post"
  | "indicatorValue"
  | "previous"
  | "formula"
  | "definition"
  | "table"
  | "row"
  | "column"
  | "value"
  | "formatted"
  | "section"
  | "day"
  | "hour"
  | "posts"
  | "index";

const EN: ReportWords = {
  title: "Social media return on investment",
  preparedFor: (company) => `Prepared for ${company}`,
  period: "Period",
  labelled: (label, value) => `${label}: ${value}`,
  comparedWith: "Compared with",
  generatedOn: "Generated on",
  page: (n, of) => `Page ${n} of ${of}`,
  sections: {
    summary: "Summary",
    goals: "Goals and progress",
    roi_network: "Return by network",
    roi_campaign: "Return by campaign",
    funnel: "From reach to customers",
    costs: "Costs",
    value: "Value of results",
    posts: "Best and weakest posts",
    attribution: "Credit by attribution model",
    insights: "What works: content, timing, earned media",
    mmm: "Beyond the clicks: the marketing mix model",
    method: "Method and limits",
  },
  columns: {
    network: "Network",
    campaign: "Campaign",
    month: "Month",
    category: "Category",
    amount: "Amount",
    share: "Share",
    rule: "Rule",
    outcome: "Result valued",
    unitValue: "Value per unit",
    quantity: "Quantity",
    goal: "Goal",
    indicator: "Indicator",
    periodStart: "From",
    periodEnd: "To",
    target: "Target",
    actual: "Actual",
    progress: "Progress",
    expectedProgress: "Expected by now",
    projection: "Projected at end",
    onTrack: "On track",
    published: "Published",
    type: "Format",
    text: "Text",
    post: "Post",
    indicatorValue: "This period",
    previous: "Previous period",
    formula: "How it is computed",
    definition: "What it means",
    table: "Table",
    row: "Row",
    column: "Column",
    value: "Value",
    formatted: "Formatted",
    section: "Section",
    day: "Day",
    hour: "Hour",
    posts: "Posts",
    index: "Index (× network average)",
  },
  categories: {
    ads: "Advertising",
    tools: "Tools",
    content: "Content creation",
    team: "Team",
    agency: "Agencies and consultants",
    other: "Other",
  },
  outcomes: {
    lead: "Lead",
    link_click: "Link click",
    engaged_user: "Engaged person",
    impressions_1000: "1,000 impressions",
    comment: "Comment",
    like: "Like",
    share: "Share",
  },
  yes: "yes",
  no: "no",
  notAvailable: "n/a",
  noNetwork: "(no network)",
  noCampaign: "(no campaign)",
  unallocated: "(not allocated)",
  total: "Total",
  howComputed: "How these figures are computed",
  noData: "No data for this period.",
  summary: {
    headline: ({ cost, revenue, value }) =>
      `Social media cost ${cost} over the period. It brought in ${revenue} in sales, and ${value} in total value once leads, clicks and interactions are counted.`,
    revenueRoi: ({ roi, revenue, cost, gain }) =>
      gain
        ? `Sales alone paid back the cost and more: ${revenue} of sales for ${cost} of cost, a revenue return on investment (ROI) of ${roi}.`
        : `Sales alone did not yet pay back the cost: the revenue return on investment (ROI) is ${roi} (${revenue} of sales for ${cost} of cost).`,
    totalRoi: ({ roi, assigned }) =>
      `Counting also the ${assigned} of value given to leads, clicks and interactions, the total return on investment is ${roi}.`,
    noCost: "No cost was recorded for the period, so no return on investment can be computed.",
    change: ({ what, now, before, up }) =>
      `${what}: ${now}, ${up ? "up" : "down"} from ${before} in the previous period.`,
    bestNetwork: ({ network, roi }) =>
      `${network} paid off best, with a total return on investment of ${roi}.`,
    funnel: ({ reach, traffic, leads, customers }) =>
      `${reach} people were reached; ${traffic} visits, ${leads} leads (people who left their details) and ${customers} customers followed.`,
    goals: ({ onTrack, total }) => `Goals on track: ${onTrack} of ${total}.`,
    acronyms:
      "ROI means return on investment: (value − cost) ÷ cost. ROAS means return on ad spend: revenue ÷ advertising cost.",
  },
  funnelTrafficBasis: {
    sessions: "Traffic is website visits from each network, from your web analytics.",
    link_clicks: "No web analytics traffic was imported: traffic is the link clicks on the posts.",
  },
  allocation: {
    posts:
      "Costs shared by several networks are split by each network's share of the posts published (the default rule).",
    spend: "Costs shared by several networks are split by each network's share of the advertising spend.",
    impressions: "Costs shared by several networks are split by each network's share of the impressions.",
    equal: "Costs shared by several networks are split equally between the networks that published.",
    none: "Costs shared by several networks are not split: they appear on their own line, “(not allocated)”.",
  },
  metricsBasis:
    "Impressions, reach, interactions and clicks are the lifetime figures of the posts published in the period (dated by their publish time). Daily account figures are a different measure and are never added to them.",
  method: {
    intro:
      "This report is computed from the data imported into socialroi: the networks' exports, advertising accounts, web analytics, sales and the costs you entered.",
    definitions: "Each indicator below is defined once and computed the same way everywhere in this report.",
    valueRules: "Results other than sales are valued with the rules you set:",
    noValueRules: "No value rules were set: the total value equals the revenue.",
    attribution:
      "Sales count when they are tied to social media by your tracking links, by the network or campaign you recorded, or by your web analytics.",
    notMeasuredIntro:
      "What social media also brings but this report cannot measure (unless you give it a value rule):",
    notMeasured: [
      "thought leadership",
      "relationships",
      "word of mouth",
      "reputation",
      "search authority",
      "indirect sales",
      "savings on customer service",
      "content skills",
    ],
    ratios: "A ratio whose divisor is zero is shown as “n/a”.",
  },
  postsIntro: ({ metric }) => `Posts of the period ranked by ${metric}.`,
  best: "Best posts",
  worst: "Weakest posts",
  goalsIntro:
    "Progress is the actual figure divided by the target; “expected by now” is the share of the goal's period already past.",
  noGoals: "No goals were set for this period.",
  kpis: "Key figures",
  attribution: {
    intro: ({ days }) =>
      `Each attribution model shares the credit for a sale between the networks and channels the customer met in the ${days} days before buying: first touch credits the first one, last touch the last one, linear shares equally, time decay favours recent touches, position-based gives most to the first and last, the Markov chain credits what would be lost without a channel, and the Shapley value shares by each channel's average contribution. A share is the credit a channel gets divided by all the credit. Where the models agree, the conclusion is solid.`,
    totals: ({ conversions, value }) => `${conversions} sales worth ${value} followed a known journey.`,
    unattributed: ({ conversions, value, days }) =>
      `${conversions} sales worth ${value} had no touch in the ${days} days before and are credited to no channel.`,
    noJourneys: ({ days }) =>
      `No sale of the period can be traced to a customer journey (touchpoints or tracked clicks in the ${days} days before), so no attribution model can be compared.`,
    models: {
      first_touch: "First touch",
      last_touch: "Last touch",
      last_non_direct: "Last non-direct touch",
      linear: "Linear",
      time_decay: "Time decay",
      position_based: "Position-based",
      markov: "Markov chain",
      shapley: "Shapley value",
    },
    conversionShares: "Share of sales by model",
    valueShares: "Share of sales value by model",
    revenueModel: ({ model, scope, days }) =>
      scope === "all"
        ? `Revenue in the return tables: sales of identified customers are credited through their journeys (${days} days) with the “${model}” model.`
        : `Revenue in the return tables: sales are credited to the network of their tracked click or import; sales without one go to the last non-direct touch of the customer's journey (“${model}” model, ${days} days).`,
  },
  insights: {
    driversIntro: ({ metric }) =>
      `What the posts that do best on ${metric} have in common: each trait is compared with posts without it on the same network, and only differences that hold once chance is accounted for are stated.`,
    bestTimesIntro: ({ metric, minPosts }) =>
      `Best days and hours to post on each network, by the average ${metric} of the period's posts; a slot needs at least ${minPosts} posts to be shown. The index is the slot's average divided by the network's average: 1.50 means 50% better than usual.`,
    noBestTimes: ({ minPosts }) =>
      `Not enough data for the best times to post: no day and hour has ${minPosts} posts yet.`,
    bestTimes: "Best times to post",
    emvIntro:
      "Earned media value is what the organic (unpaid) posts' clicks and impressions would have cost as advertising, at the equivalent cost per click (CPC) and cost per thousand impressions (CPM). It is an assigned value, an estimate: it is not sales and is not added to the return on investment.",
    emv: "Earned media value",
    emvTotal: ({ value }) => `Earned media value of the period (assigned value): ${value}.`,
    noPrice:
      "Earned media value: no advertising price is known to value organic posts yet (import costs per click by keyword, or ad spend with paid posts).",
    organicClicks: (campaign) => `Organic link clicks · ${campaign}`,
    organicImpressions: "Organic impressions (per 1,000)",
  },
  mmm: {
    intro:
      "What each network's ad spend added to revenue, by a marketing mix model of the period's whole weeks: revenue against no spend at all, with 90% intervals. Unlike the return tables, it also counts sales that leave no click.",
    fit: ({ r2, mape, holdout, baseline, low, high }) =>
      `Fit: R² ${r2}, average error ${mape}${holdout === null ? "" : `, ${holdout} on the last weeks forecast without them`}. The baseline, what no network's ads explain, is ${baseline} of revenue (${low} to ${high}).`,
    refused: {
      no_channels: "The marketing mix model gives no figures: no network has ad spend in this period.",
      irregular_dates: "The marketing mix model gives no figures: the period's weeks are not consecutive.",
      too_few_periods:
        "The marketing mix model gives no figures: the period has too few weeks for it (it needs well over a year of weekly data).",
      no_spend_variation:
        "The marketing mix model gives no figures: a network's ad spend hardly varies over the period, so its effect cannot be told from the baseline.",
      collinear_channels:
        "The marketing mix model gives no figures: two networks' ad spends move together, so their effects cannot be told apart.",
      constant_kpi: "The marketing mix model gives no figures: revenue never changes over the period.",
    },
    channels: "Revenue added by each network's ads",
    sideBySide: "Click-based credit beside the model's incremental revenue",
    columns: {
      spend: "Ad spend",
      added: "Revenue added",
      low: "90% low",
      high: "90% high",
      roi: "ROI (revenue per unit of spend)",
      marginalRoi: "Marginal ROI",
      halfLife: "Half-life (days)",
      creditLow: "Click credit, lowest model",
      creditHigh: "Click credit, highest model",
      incremental: "Model's incremental revenue",
      verdict: "Verdict",
    },
    verdicts: { agree: "agree", mmm_higher: "model higher", mmm_lower: "model lower" },
  },
};

const FR: ReportWords = {
  title: "Retour sur investissement des réseaux sociaux",
  preparedFor: (company) => `Préparé pour ${company}`,
  period: "Période",
  labelled: (label, value) => `${label} : ${value}`,
  comparedWith: "Comparée à",
  generatedOn: "Établi le",
  page: (n, of) => `Page ${n} sur ${of}`,
  sections: {
    summary: "Synthèse",
    goals: "Objectifs et progression",
    roi_network: "Rendement par réseau",
    roi_campaign: "Rendement par campagne",
    funnel: "De la portée aux clients",
    costs: "Coûts",
    value: "Valeur des résultats",
    posts: "Meilleures et moins bonnes publications",
    attribution: "Crédit selon le modèle d'attribution",
    insights: "Ce qui marche : contenu, moments, médias gagnés",
    mmm: "Au-delà des clics : le modèle de mix marketing",
    method: "Méthode et limites",
  },
  columns: {
    network: "Réseau",
    campaign: "Campagne",
    month: "Mois",
    category: "Catégorie",
    amount: "Montant",
    share: "Part",
    rule: "Règle",
    outcome: "Résultat valorisé",
    unitValue: "Valeur unitaire",
    quantity: "Quantité",
    goal: "Objectif",
    indicator: "Indicateur",
    periodStart: "Du",
    periodEnd: "Au",
    target: "Cible",
    actual: "Réalisé",
    progress: "Progression",
    expectedProgress: "Attendu à ce jour",
    projection: "Projection en fin de période",
    onTrack: "En bonne voie",
    published: "Publié le",
    type: "Format",
    text: "Texte",
    post: "Publication",
    indicatorValue: "Cette période",
    previous: "Période précédente",
    formula: "Mode de calcul",
    definition: "Signification",
    table: "Tableau",
    row: "Ligne",
    column: "Colonne",
    value: "Valeur",
    formatted: "Mis en forme",
    section: "Section",
    day: "Jour",
    hour: "Heure",
    posts: "Publications",
    index: "Indice (× moyenne du réseau)",
  },
  categories: {
    ads: "Publicité",
    tools: "Outils",
    content: "Création de contenu",
    team: "Équipe",
    agency: "Agences et consultants",
    other: "Autres",
  },
  outcomes: {
    lead: "Prospect",
    link_click: "Clic sur un lien",
    engaged_user: "Personne engagée",
    impressions_1000: "1 000 affichages",
    comment: "Commentaire",
    like: "J'aime",
    share: "Partage",
  },
  yes: "oui",
  no: "non",
  notAvailable: "n/d",
  noNetwork: "(sans réseau)",
  noCampaign: "(sans campagne)",
  unallocated: "(non réparti)",
  total: "Total",
  howComputed: "Mode de calcul de ces chiffres",
  noData: "Aucune donnée pour cette période.",
  summary: {
    headline: ({ cost, revenue, value }) =>
      `Les réseaux sociaux ont coûté ${cost} sur la période. Ils ont rapporté ${revenue} de ventes, et ${value} de valeur totale en comptant les prospects, les clics et les interactions.`,
    revenueRoi: ({ roi, revenue, cost, gain }) =>
      gain
        ? `Les ventes seules ont plus que remboursé le coût : ${revenue} de ventes pour ${cost} de coût, soit un retour sur investissement (ROI) en chiffre d'affaires de ${roi}.`
        : `Les ventes seules n'ont pas encore remboursé le coût : le retour sur investissement (ROI) en chiffre d'affaires est de ${roi} (${revenue} de ventes pour ${cost} de coût).`,
    totalRoi: ({ roi, assigned }) =>
      `En comptant aussi les ${assigned} de valeur attribuée aux prospects, clics et interactions, le retour sur investissement total est de ${roi}.`,
    noCost:
      "Aucun coût n'a été enregistré pour la période : le retour sur investissement ne peut pas être calculé.",
    change: ({ what, now, before, up }) =>
      `${what} : ${now}, en ${up ? "hausse" : "baisse"} par rapport à ${before} sur la période précédente.`,
    bestNetwork: ({ network, roi }) =>
      `${network} a été le plus rentable, avec un retour sur investissement total de ${roi}.`,
    funnel: ({ reach, traffic, leads, customers }) =>
      `${reach} personnes ont été atteintes ; ${traffic} visites, ${leads} prospects (personnes ayant laissé leurs coordonnées) et ${customers} clients ont suivi.`,
    goals: ({ onTrack, total }) => `Objectifs en bonne voie : ${onTrack} sur ${total}.`,
    acronyms:
      "ROI signifie retour sur investissement : (valeur − coût) ÷ coût. ROAS signifie retour sur dépenses publicitaires : chiffre d'affaires ÷ coût de la publicité.",
  },
  funnelTrafficBasis: {
    sessions:
      "Le trafic est le nombre de visites de votre site venues de chaque réseau, selon votre outil d'analyse web.",
    link_clicks:
      "Aucun trafic d'analyse web n'a été importé : le trafic est le nombre de clics sur les liens des publications.",
  },
  allocation: {
    posts:
      "Les coûts partagés entre plusieurs réseaux sont répartis selon la part de chaque réseau dans les publications (règle par défaut).",
    spend:
      "Les coûts partagés entre plusieurs réseaux sont répartis selon la part de chaque réseau dans les dépenses publicitaires.",
    impressions:
      "Les coûts partagés entre plusieurs réseaux sont répartis selon la part de chaque réseau dans les affichages.",
    equal:
      "Les coûts partagés entre plusieurs réseaux sont répartis à parts égales entre les réseaux qui ont publié.",
    none: "Les coûts partagés entre plusieurs réseaux ne sont pas répartis : ils figurent sur leur propre ligne, « (non réparti) ».",
  },
  metricsBasis:
    "Les affichages, la portée, les interactions et les clics sont les chiffres cumulés des publications parues sur la période (datées de leur publication). Les chiffres quotidiens des comptes sont une autre mesure et ne leur sont jamais ajoutés.",
  method: {
    intro:
      "Ce rapport est calculé à partir des données importées dans socialroi : exports des réseaux, comptes publicitaires, analyse web, ventes et coûts que vous avez saisis.",
    definitions:
      "Chaque indicateur ci-dessous est défini une fois et calculé de la même façon partout dans ce rapport.",
    valueRules: "Les résultats autres que les ventes sont valorisés selon les règles que vous avez fixées :",
    noValueRules: "Aucune règle de valeur n'a été fixée : la valeur totale est égale au chiffre d'affaires.",
    attribution:
      "Les ventes sont comptées lorsqu'elles sont reliées aux réseaux sociaux par vos liens de suivi, par le réseau ou la campagne que vous avez indiqués, ou par votre outil d'analyse web.",
    notMeasuredIntro:
      "Ce que les réseaux sociaux apportent aussi mais que ce rapport ne peut pas mesurer (sauf si vous lui donnez une règle de valeur) :",
    notMeasured: [
      "le leadership d'opinion",
      "les relations",
      "le bouche-à-oreille",
      "la réputation",
      "l'autorité dans les moteurs de recherche",
      "les ventes indirectes",
      "les économies sur le service client",
      "les compétences en création de contenu",
    ],
    ratios: "Un ratio dont le diviseur est nul est affiché « n/d » (non disponible).",
  },
  postsIntro: ({ metric }) => `Publications de la période classées par ${metric}.`,
  best: "Meilleures publications",
  worst: "Publications les moins performantes",
  goalsIntro:
    "La progression est le réalisé divisé par la cible ; « attendu à ce jour » est la part de la période de l'objectif déjà écoulée.",
  noGoals: "Aucun objectif n'a été fixé pour cette période.",
  kpis: "Chiffres clés",
  attribution: {
    intro: ({ days }) =>
      `Chaque modèle d'attribution répartit le crédit d'une vente entre les réseaux et canaux rencontrés par le client dans les ${days} jours précédant l'achat : le premier contact crédite le premier, le dernier contact le dernier, le modèle linéaire partage à parts égales, la décroissance temporelle favorise les contacts récents, le modèle en U donne le plus au premier et au dernier, la chaîne de Markov crédite ce qui serait perdu sans un canal, et la valeur de Shapley partage selon la contribution moyenne de chaque canal. Une part est le crédit d'un canal divisé par l'ensemble du crédit. Quand les modèles concordent, la conclusion est solide.`,
    totals: ({ conversions, value }) =>
      `${conversions} ventes d'une valeur de ${value} ont suivi un parcours connu.`,
    unattributed: ({ conversions, value, days }) =>
      `${conversions} ventes d'une valeur de ${value} n'avaient aucun contact dans les ${days} jours précédents et ne sont créditées à aucun canal.`,
    noJourneys: ({ days }) =>
      `Aucune vente de la période ne peut être reliée à un parcours client (points de contact ou clics suivis dans les ${days} jours précédents) : aucun modèle d'attribution ne peut être comparé.`,
    models: {
      first_touch: "Premier contact",
      last_touch: "Dernier contact",
      last_non_direct: "Dernier contact non direct",
      linear: "Linéaire",
      time_decay: "Décroissance temporelle",
      position_based: "En U (selon la position)",
      markov: "Chaîne de Markov",
      shapley: "Valeur de Shapley",
    },
    conversionShares: "Part des ventes par modèle",
    valueShares: "Part de la valeur par modèle",
    revenueModel: ({ model, scope, days }) =>
      scope === "all"
        ? `Chiffre d'affaires des tableaux de rendement : les ventes des clients identifiés sont créditées selon leur parcours (${days} jours) avec le modèle « ${model} ».`
        : `Chiffre d'affaires des tableaux de rendement : les ventes sont créditées au réseau de leur clic suivi ou de leur import ; celles qui n'en ont pas vont au dernier contact non direct du parcours du client (modèle « ${model} », ${days} jours).`,
  },
  insights: {
    driversIntro: ({ metric }) =>
      `Ce qu'ont en commun les publications qui réussissent le mieux en ${metric} : chaque caractéristique est comparée aux publications qui ne l'ont pas sur le même réseau, et seules les différences qui résistent au hasard sont retenues.`,
    bestTimesIntro: ({ metric, minPosts }) =>
      `Meilleurs jours et heures pour publier sur chaque réseau, selon le ${metric} moyen des publications de la période ; un créneau doit compter au moins ${minPosts} publications pour être affiché. L'indice est la moyenne du créneau divisée par celle du réseau : 1,50 signifie 50 % de mieux que d'habitude.`,
    noBestTimes: ({ minPosts }) =>
      `Pas assez de données pour les meilleurs moments de publication : aucun jour et heure ne compte encore ${minPosts} publications.`,
    bestTimes: "Meilleurs moments pour publier",
    emvIntro:
      "La valeur média gagnée est ce qu'auraient coûté en publicité les clics et affichages des publications organiques (non payantes), au coût par clic (CPC) et au coût pour mille affichages (CPM) équivalents. C'est une valeur attribuée, une estimation : ce ne sont pas des ventes, et elle n'est pas ajoutée au retour sur investissement.",
    emv: "Valeur média gagnée",
    emvTotal: ({ value }) => `Valeur média gagnée sur la période (valeur attribuée) : ${value}.`,
    noPrice:
      "Valeur média gagnée : aucun prix publicitaire n'est encore connu pour valoriser les publications organiques (importez des coûts par clic par mot-clé, ou des dépenses publicitaires avec des publications payantes).",
    organicClicks: (campaign) => `Clics organiques sur les liens · ${campaign}`,
    organicImpressions: "Affichages organiques (par 1 000)",
  },
  mmm: {
    intro:
      "Ce que les dépenses publicitaires de chaque réseau ont ajouté au chiffre d’affaires, selon un modèle de mix marketing des semaines entières de la période : le chiffre d’affaires face à aucune dépense, avec des intervalles à 90 %. Contrairement aux tableaux de rendement, il compte aussi les ventes qui ne laissent pas de clic.",
    fit: ({ r2, mape, holdout, baseline, low, high }) =>
      `Ajustement : R² ${r2}, erreur moyenne ${mape}${holdout === null ? "" : `, ${holdout} sur les dernières semaines prévues sans les voir`}. La base, ce que la publicité d’aucun réseau n’explique, représente ${baseline} du chiffre d’affaires (de ${low} à ${high}).`,
    refused: {
      no_channels:
        "Le modèle de mix marketing ne donne pas de chiffres : aucun réseau n’a de dépenses publicitaires sur la période.",
      irregular_dates:
        "Le modèle de mix marketing ne donne pas de chiffres : les semaines de la période ne se suivent pas.",
      too_few_periods:
        "Le modèle de mix marketing ne donne pas de chiffres : la période compte trop peu de semaines (il lui faut bien plus d’un an de données hebdomadaires).",
      no_spend_variation:
        "Le modèle de mix marketing ne donne pas de chiffres : les dépenses publicitaires d’un réseau varient à peine sur la période, son effet ne se distingue pas de la base.",
      collinear_channels:
        "Le modèle de mix marketing ne donne pas de chiffres : les dépenses de deux réseaux évoluent ensemble, leurs effets ne se distinguent pas.",
      constant_kpi:
        "Le modèle de mix marketing ne donne pas de chiffres : le chiffre d’affaires ne varie pas sur la période.",
    },
    channels: "Chiffre d’affaires ajouté par la publicité de chaque réseau",
    sideBySide: "Crédit fondé sur les clics face au chiffre d’affaires incrémental du modèle",
    columns: {
      spend: "Dépenses publicitaires",
      added: "Chiffre d’affaires ajouté",
      low: "Bas 90 %",
      high: "Haut 90 %",
      roi: "ROI (chiffre d’affaires par unité dépensée)",
      marginalRoi: "ROI marginal",
      halfLife: "Demi-vie (jours)",
      creditLow: "Crédit clics, modèle le plus bas",
      creditHigh: "Crédit clics, modèle le plus haut",
      incremental: "Chiffre d’affaires incrémental du modèle",
      verdict: "Verdict",
    },
    verdicts: { agree: "concordent", mmm_higher: "modèle plus haut", mmm_lower: "modèle plus bas" },
  },
};

const NL: ReportWords = {
  title: "Rendement van sociale media",
  preparedFor: (company) => `Opgesteld voor ${company}`,
  period: "Periode",
  labelled: (label, value) => `${label}: ${value}`,
  comparedWith: "Vergeleken met",
  generatedOn: "Opgesteld op",
  page: (n, of) => `Pagina ${n} van ${of}`,
  sections: {
    summary: "Samenvatting",
    goals: "Doelen en voortgang",
    roi_network: "Rendement per netwerk",
    roi_campaign: "Rendement per campagne",
    funnel: "Van bereik tot klanten",
    costs: "Kosten",
    value: "Waarde van de resultaten",
    posts: "Beste en zwakste berichten",
    attribution: "Toekenning per attributiemodel",
    insights: "Wat werkt: inhoud, timing, verdiende media",
    mmm: "Voorbij de klikken: het marketingmixmodel",
    method: "Methode en grenzen",
  },
  columns: {
    network: "Netwerk",
    campaign: "Campagne",
    month: "Maand",
    category: "Categorie",
    amount: "Bedrag",
    share: "Aandeel",
    rule: "Regel",
    outcome: "Gewaardeerd resultaat",
    unitValue: "Waarde per eenheid",
    quantity: "Aantal",
    goal: "Doel",
    indicator: "Indicator",
    periodStart: "Van",
    periodEnd: "Tot",
    target: "Doelwaarde",
    actual: "Behaald",
    progress: "Voortgang",
    expectedProgress: "Verwacht tot nu",
    projection: "Verwacht aan het einde",
    onTrack: "Op schema",
    published: "Gepubliceerd",
    type: "Vorm",
    text: "Tekst",
    post: "Bericht",
    indicatorValue: "Deze periode",
    previous: "Vorige periode",
    formula: "Berekening",
    definition: "Betekenis",
    table: "Tabel",
    row: "Rij",
    column: "Kolom",
    value: "Waarde",
    formatted: "Opgemaakt",
    section: "Onderdeel",
    day: "Dag",
    hour: "Uur",
    posts: "Berichten",
    index: "Index (× netwerkgemiddelde)",
  },
  categories: {
    ads: "Advertenties",
    tools: "Tools",
    content: "Contentcreatie",
    team: "Team",
    agency: "Bureaus en consultants",
    other: "Overige",
  },
  outcomes: {
    lead: "Lead",
    link_click: "Klik op een link",
    engaged_user: "Betrokken persoon",
    impressions_1000: "1.000 vertoningen",
    comment: "Opmerking",
    like: "Like",
    share: "Share",
  },
  yes: "ja",
  no: "nee",
  notAvailable: "n.v.t.",
  noNetwork: "(geen netwerk)",
  noCampaign: "(geen campagne)",
  unallocated: "(niet verdeeld)",
  total: "Totaal",
  howComputed: "Hoe deze cijfers berekend zijn",
  noData: "Geen gegevens voor deze periode.",
  summary: {
    headline: ({ cost, revenue, value }) =>
      `Sociale media kostten ${cost} in deze periode. Ze brachten ${revenue} aan verkopen op, en ${value} aan totale waarde als leads, klikken en interacties meetellen.`,
    revenueRoi: ({ roi, revenue, cost, gain }) =>
      gain
        ? `De verkopen alleen verdienden de kosten ruim terug: ${revenue} aan verkopen voor ${cost} aan kosten, een rendement op investering (ROI) in omzet van ${roi}.`
        : `De verkopen alleen verdienden de kosten nog niet terug: het rendement op investering (ROI) in omzet is ${roi} (${revenue} aan verkopen voor ${cost} aan kosten).`,
    totalRoi: ({ roi, assigned }) =>
      `Met ook de ${assigned} aan waarde voor leads, klikken en interacties is het totale rendement op investering ${roi}.`,
    noCost: "Er zijn geen kosten geregistreerd voor de periode, dus er is geen rendement te berekenen.",
    change: ({ what, now, before, up }) =>
      `${what}: ${now}, ${up ? "meer" : "minder"} dan ${before} in de vorige periode.`,
    bestNetwork: ({ network, roi }) =>
      `${network} leverde het meest op, met een totaal rendement op investering van ${roi}.`,
    funnel: ({ reach, traffic, leads, customers }) =>
      `${reach} mensen werden bereikt; daarop volgden ${traffic} bezoeken, ${leads} leads (mensen die hun gegevens achterlieten) en ${customers} klanten.`,
    goals: ({ onTrack, total }) => `Doelen op schema: ${onTrack} van ${total}.`,
    acronyms:
      "ROI betekent rendement op investering: (waarde − kosten) ÷ kosten. ROAS betekent rendement op advertentie-uitgaven: omzet ÷ advertentiekosten.",
  },
  funnelTrafficBasis: {
    sessions: "Verkeer is het aantal bezoeken aan uw website vanuit elk netwerk, volgens uw webanalyse.",
    link_clicks:
      "Er werd geen verkeer uit webanalyse geïmporteerd: verkeer is het aantal klikken op links in de berichten.",
  },
  allocation: {
    posts:
      "Kosten die meerdere netwerken delen, worden verdeeld volgens het aandeel van elk netwerk in de gepubliceerde berichten (standaardregel).",
    spend:
      "Kosten die meerdere netwerken delen, worden verdeeld volgens het aandeel van elk netwerk in de advertentie-uitgaven.",
    impressions:
      "Kosten die meerdere netwerken delen, worden verdeeld volgens het aandeel van elk netwerk in de vertoningen.",
    equal: "Kosten die meerdere netwerken delen, worden gelijk verdeeld over de netwerken die publiceerden.",
    none: "Kosten die meerdere netwerken delen, worden niet verdeeld: ze staan op een eigen regel, ‘(niet verdeeld)’.",
  },
  metricsBasis:
    "Vertoningen, bereik, interacties en klikken zijn de totale cijfers van de berichten die in de periode verschenen (gedateerd op hun publicatie). Dagcijfers van accounts zijn een andere maatstaf en worden er nooit bij opgeteld.",
  method: {
    intro:
      "Dit rapport is berekend uit de gegevens die in socialroi zijn geïmporteerd: exports van de netwerken, advertentieaccounts, webanalyse, verkopen en de kosten die u invoerde.",
    definitions:
      "Elke indicator hieronder is één keer gedefinieerd en overal in dit rapport op dezelfde manier berekend.",
    valueRules: "Andere resultaten dan verkopen worden gewaardeerd met de regels die u instelde:",
    noValueRules: "Er zijn geen waarderegels ingesteld: de totale waarde is gelijk aan de omzet.",
    attribution:
      "Verkopen tellen mee wanneer ze aan sociale media gekoppeld zijn via uw trackinglinks, via het netwerk of de campagne die u vastlegde, of via uw webanalyse.",
    notMeasuredIntro:
      "Wat sociale media ook opleveren maar dit rapport niet kan meten (tenzij u er een waarderegel voor geeft):",
    notMeasured: [
      "thought leadership",
      "relaties",
      "mond-tot-mondreclame",
      "reputatie",
      "autoriteit in zoekmachines",
      "indirecte verkoop",
      "besparingen op klantenservice",
      "vaardigheden in contentcreatie",
    ],
    ratios: "Een verhouding waarvan de deler nul is, wordt getoond als ‘n.v.t.’ (niet van toepassing).",
  },
  postsIntro: ({ metric }) => `Berichten van de periode gerangschikt op ${metric}.`,
  best: "Beste berichten",
  worst: "Zwakste berichten",
  goalsIntro:
    "Voortgang is het behaalde cijfer gedeeld door de doelwaarde; ‘verwacht tot nu’ is het deel van de doelperiode dat al voorbij is.",
  noGoals: "Er zijn geen doelen ingesteld voor deze periode.",
  kpis: "Kerncijfers",
  attribution: {
    intro: ({ days }) =>
      `Elk attributiemodel verdeelt de toekenning van een verkoop over de netwerken en kanalen die de klant in de ${days} dagen voor de aankoop tegenkwam: first touch kent alles toe aan het eerste, last touch aan het laatste, lineair verdeelt gelijk, tijdsverval bevoordeelt recente contacten, positiegebaseerd geeft het meest aan het eerste en het laatste, de Markovketen kent toe wat zonder een kanaal verloren zou gaan, en de Shapleywaarde verdeelt naar de gemiddelde bijdrage van elk kanaal. Een aandeel is de toekenning aan een kanaal gedeeld door de hele toekenning. Waar de modellen overeenkomen, staat de conclusie vast.`,
    totals: ({ conversions, value }) =>
      `${conversions} verkopen ter waarde van ${value} volgden een bekende klantreis.`,
    unattributed: ({ conversions, value, days }) =>
      `${conversions} verkopen ter waarde van ${value} hadden geen contact in de ${days} dagen ervoor en worden aan geen kanaal toegekend.`,
    noJourneys: ({ days }) =>
      `Geen enkele verkoop van de periode kan aan een klantreis gekoppeld worden (contactmomenten of gevolgde klikken in de ${days} dagen ervoor), dus er zijn geen attributiemodellen te vergelijken.`,
    models: {
      first_touch: "Eerste contact",
      last_touch: "Laatste contact",
      last_non_direct: "Laatste niet-directe contact",
      linear: "Lineair",
      time_decay: "Tijdsverval",
      position_based: "Positiegebaseerd",
      markov: "Markovketen",
      shapley: "Shapleywaarde",
    },
    conversionShares: "Aandeel verkopen per model",
    valueShares: "Aandeel verkoopwaarde per model",
    revenueModel: ({ model, scope, days }) =>
      scope === "all"
        ? `Omzet in de rendementstabellen: verkopen van bekende klanten worden via hun klantreis (${days} dagen) toegekend met het model ‘${model}’.`
        : `Omzet in de rendementstabellen: verkopen worden toegekend aan het netwerk van hun gevolgde klik of import; verkopen zonder worden toegekend aan het laatste niet-directe contact van de klantreis (model ‘${model}’, ${days} dagen).`,
  },
  insights: {
    driversIntro: ({ metric }) =>
      `Wat de berichten met de beste ${metric} gemeen hebben: elk kenmerk wordt vergeleken met berichten zonder dat kenmerk op hetzelfde netwerk, en alleen verschillen die na correctie voor toeval overeind blijven, worden vermeld.`,
    bestTimesIntro: ({ metric, minPosts }) =>
      `Beste dagen en uren om te posten op elk netwerk, volgens de gemiddelde ${metric} van de berichten van de periode; een tijdvak heeft minstens ${minPosts} berichten nodig om getoond te worden. De index is het gemiddelde van het tijdvak gedeeld door dat van het netwerk: 1,50 betekent 50% beter dan gewoonlijk.`,
    noBestTimes: ({ minPosts }) =>
      `Niet genoeg gegevens voor de beste momenten om te posten: geen enkele dag en uur heeft al ${minPosts} berichten.`,
    bestTimes: "Beste momenten om te posten",
    emvIntro:
      "Verdiende mediawaarde is wat de klikken en vertoningen van organische (onbetaalde) berichten als advertentie gekost zouden hebben, tegen de vergelijkbare kosten per klik (CPC) en kosten per duizend vertoningen (CPM). Het is een toegekende waarde, een schatting: het zijn geen verkopen en ze wordt niet bij het rendement op investering opgeteld.",
    emv: "Verdiende mediawaarde",
    emvTotal: ({ value }) => `Verdiende mediawaarde van de periode (toegekende waarde): ${value}.`,
    noPrice:
      "Verdiende mediawaarde: er is nog geen advertentieprijs bekend om organische berichten te waarderen (importeer kosten per klik per zoekwoord, of advertentie-uitgaven met betaalde berichten).",
    organicClicks: (campaign) => `Organische linkklikken · ${campaign}`,
    organicImpressions: "Organische vertoningen (per 1.000)",
  },
  mmm: {
    intro:
      "Wat de advertentie-uitgaven van elk netwerk aan omzet toevoegden, volgens een marketingmixmodel van de volle weken van de periode: omzet tegenover helemaal geen uitgaven, met 90%-intervallen. Anders dan de rendementstabellen telt het ook verkopen die geen klik achterlaten.",
    fit: ({ r2, mape, holdout, baseline, low, high }) =>
      `Passing: R² ${r2}, gemiddelde fout ${mape}${holdout === null ? "" : `, ${holdout} op de laatste weken, voorspeld zonder ze te zien`}. De basislijn, wat de advertenties van geen enkel netwerk verklaren, is ${baseline} van de omzet (${low} tot ${high}).`,
    refused: {
      no_channels:
        "Het marketingmixmodel geeft geen cijfers: geen netwerk heeft advertentie-uitgaven in deze periode.",
      irregular_dates:
        "Het marketingmixmodel geeft geen cijfers: de weken van de periode volgen niet op elkaar.",
      too_few_periods:
        "Het marketingmixmodel geeft geen cijfers: de periode heeft te weinig weken (het heeft ruim meer dan een jaar aan weekgegevens nodig).",
      no_spend_variation:
        "Het marketingmixmodel geeft geen cijfers: de advertentie-uitgaven van een netwerk variëren nauwelijks in de periode, dus is het effect niet van de basislijn te onderscheiden.",
      collinear_channels:
        "Het marketingmixmodel geeft geen cijfers: de uitgaven van twee netwerken bewegen samen, dus zijn hun effecten niet te onderscheiden.",
      constant_kpi: "Het marketingmixmodel geeft geen cijfers: de omzet verandert niet in de periode.",
    },
    channels: "Omzet toegevoegd door de advertenties van elk netwerk",
    sideBySide: "Toekenning via klikken naast de incrementele omzet van het model",
    columns: {
      spend: "Advertentie-uitgaven",
      added: "Toegevoegde omzet",
      low: "90% laag",
      high: "90% hoog",
      roi: "ROI (omzet per bestede eenheid)",
      marginalRoi: "Marginale ROI",
      halfLife: "Halfwaardetijd (dagen)",
      creditLow: "Klikkrediet, laagste model",
      creditHigh: "Klikkrediet, hoogste model",
      incremental: "Incrementele omzet van het model",
      verdict: "Oordeel",
    },
    verdicts: { agree: "eens", mmm_higher: "model hoger", mmm_lower: "model lager" },
  },
};

export const WORDS: Record<Locale, ReportWords> = { en: EN, fr: FR, nl: NL };
