import type { Locale } from "../../domain/workspace.js";

/**
 * The sentences of the marketing mix model's paragraph on what it can and cannot say, one per
 * note of src/mmm/model-notes.ts. Figures arrive formatted and lists joined in the reader's
 * language; counts arrive as numbers where a sentence's grammar depends on them.
 */
export interface MmmWords {
  history: (a: { periods: string; weekly: boolean; from: string; to: string }) => string;
  correlationOverTime: string;
  needsSpendVariation: string;
  littleSpendVariation: (a: { channels: string; count: number }) => string;
  wideIntervals: (a: { channels: string; count: number }) => string;
  holdoutError: (a: { error: string; periods: string; weekly: boolean }) => string;
  noHoldout: string;
  liftTests: (a: { tests: number; disagreeing: string | null }) => string;
  notConverged: (a: { rhat: string }) => string;
  beyondData: string;
}

const EN: MmmWords = {
  history: ({ periods, weekly, from, to }) =>
    `The model read ${periods} ${weekly ? "weeks" : "days"} of data, from ${from} to ${to}.`,
  correlationOverTime:
    "It learns from how the KPI rose and fell with each channel's spend over time: that is correlation, not an experiment, and anything else that moved with the spend (a season, a promotion not given as a control, a competitor) can be counted as the spend's effect.",
  needsSpendVariation:
    "It can only tell a channel's effect apart when its spend varied, and at other times than the other channels' spends.",
  littleSpendVariation: ({ channels, count }) =>
    `The spend of ${channels} varied little, so ${count === 1 ? "its figure rests" : "their figures rest"} on little evidence.`,
  wideIntervals: ({ channels, count }) =>
    `The ROI of ${channels} is uncertain: the upper end of ${count === 1 ? "its" : "their"} 90% interval is more than three times the lower end; read the interval, not the middle figure.`,
  holdoutError: ({ error, periods, weekly }) =>
    `Forecasting the last ${periods} ${weekly ? "weeks" : "days"} without seeing them, it was off by ${error} on average: a guide to how far its figures can be trusted.`,
  noHoldout: "It was not tested on periods it had not seen.",
  liftTests: ({ tests, disagreeing }) =>
    `${tests === 1 ? "A lift test was" : `${tests} lift tests were`} taken in as evidence${disagreeing ? `; the tests of ${disagreeing} disagree with what the data alone say, and the figures lean on the tests` : ", in agreement with the data"}.`,
  notConverged: ({ rhat }) =>
    `The sampler's chains did not agree (R-hat ${rhat}): run it again with another seed before using these figures.`,
  beyondData:
    "It cannot say what spends well beyond those seen would bring, nor effects that last longer than a few months, such as brand building.",
};

const FR: MmmWords = {
  history: ({ periods, weekly, from, to }) =>
    `Le modèle a lu ${periods} ${weekly ? "semaines" : "jours"} de données, du ${from} au ${to}.`,
  correlationOverTime:
    "Il apprend de la façon dont le KPI a monté et baissé avec les dépenses de chaque canal au fil du temps : c’est une corrélation, pas une expérience, et tout ce qui a varié avec les dépenses (une saison, une promotion non fournie comme contrôle, un concurrent) peut être compté comme un effet des dépenses.",
  needsSpendVariation:
    "Il ne peut isoler l’effet d’un canal que si ses dépenses ont varié, et à d’autres moments que celles des autres canaux.",
  littleSpendVariation: ({ channels, count }) =>
    `Les dépenses de ${channels} ont peu varié : ${count === 1 ? "son chiffre repose" : "leurs chiffres reposent"} sur peu d’éléments.`,
  wideIntervals: ({ channels, count }) =>
    `Le ROI de ${channels} est incertain : le haut de ${count === 1 ? "son" : "leur"} intervalle à 90 % dépasse le triple du bas ; lisez l’intervalle, pas le chiffre central.`,
  holdoutError: ({ error, periods, weekly }) =>
    `En prévoyant ${weekly ? `les ${periods} dernières semaines sans les avoir vues` : `les ${periods} derniers jours sans les avoir vus`}, il s’est trompé de ${error} en moyenne : une indication de la confiance à accorder à ses chiffres.`,
  noHoldout: "Il n’a pas été testé sur des périodes qu’il n’avait pas vues.",
  liftTests: ({ tests, disagreeing }) =>
    `${tests === 1 ? "Un test de lift a été pris" : `${tests} tests de lift ont été pris`} en compte${disagreeing ? ` ; les tests de ${disagreeing} contredisent ce que disent les seules données, et les chiffres s’appuient sur les tests` : ", en accord avec les données"}.`,
  notConverged: ({ rhat }) =>
    `Les chaînes de l’échantillonneur ne concordent pas (R-hat ${rhat}) : relancez-le avec une autre graine avant d’utiliser ces chiffres.`,
  beyondData:
    "Il ne peut pas dire ce que rapporteraient des dépenses bien au-delà de celles observées, ni des effets qui durent plus de quelques mois, comme la construction de la marque.",
};

const NL: MmmWords = {
  history: ({ periods, weekly, from, to }) =>
    `Het model las ${periods} ${weekly ? "weken" : "dagen"} aan gegevens, van ${from} tot ${to}.`,
  correlationOverTime:
    "Het leert uit hoe de KPI steeg en daalde met de uitgaven van elk kanaal in de tijd: dat is correlatie, geen experiment, en alles wat met de uitgaven meebewoog (een seizoen, een actie die niet als controle is opgegeven, een concurrent) kan als effect van de uitgaven worden geteld.",
  needsSpendVariation:
    "Het kan het effect van een kanaal alleen onderscheiden als de uitgaven ervan varieerden, en op andere momenten dan die van de andere kanalen.",
  littleSpendVariation: ({ channels, count }) =>
    `De uitgaven van ${channels} varieerden weinig: ${count === 1 ? "het cijfer steunt" : "de cijfers steunen"} op weinig gegevens.`,
  wideIntervals: ({ channels, count }) =>
    `De ROI van ${channels} is onzeker: de bovengrens van ${count === 1 ? "het" : "hun"} 90%-interval is meer dan drie keer de ondergrens; lees het interval, niet het middelste cijfer.`,
  holdoutError: ({ error, periods, weekly }) =>
    `Bij het voorspellen van de laatste ${periods} ${weekly ? "weken" : "dagen"} zonder ze te zien, zat het er gemiddeld ${error} naast: een maatstaf voor hoeveel vertrouwen de cijfers verdienen.`,
  noHoldout: "Het is niet getest op perioden die het niet had gezien.",
  liftTests: ({ tests, disagreeing }) =>
    `${tests === 1 ? "Eén lifttest is" : `${tests} lifttests zijn`} als bewijs meegenomen${disagreeing ? `; de tests van ${disagreeing} spreken de gegevens alleen tegen, en de cijfers steunen op de tests` : ", in overeenstemming met de gegevens"}.`,
  notConverged: ({ rhat }) =>
    `De ketens van de sampler kwamen niet overeen (R-hat ${rhat}): voer het opnieuw uit met een andere seed voordat u deze cijfers gebruikt.`,
  beyondData:
    "Het kan niet zeggen wat uitgaven ver boven de geziene zouden opleveren, noch effecten die langer dan enkele maanden duren, zoals merkopbouw.",
};

export const MMM_WORDS: Record<Locale, MmmWords> = { en: EN, fr: FR, nl: NL };

/**
 * The sentence setting the model's incremental revenue beside the click-based attribution's credit
 * (src/reports/mmm-side-by-side.ts): one clause per verdict that has networks, and why they can differ.
 */
export interface MmmSideBySideWords {
  agree: (a: { networks: string; count: number }) => string;
  mmmHigher: (a: { networks: string; count: number }) => string;
  mmmLower: (a: { networks: string; count: number }) => string;
  unmodelled: (a: { networks: string; count: number }) => string;
  noJourneys: string;
  why: string;
}

const SIDE_BY_SIDE_EN: MmmSideBySideWords = {
  agree: ({ networks }) =>
    `For ${networks}, the model's incremental revenue and the revenue the click-based models credit agree: their ranges overlap.`,
  mmmHigher: ({ networks }) =>
    `For ${networks}, the model finds more revenue than any click-based model credits: it also counts sales that leave no click trail (word of mouth, people who saw a post and came back “direct” or through a search), which attribution cannot see.`,
  mmmLower: ({ networks }) =>
    `For ${networks}, the model finds less revenue than every click-based model credits: attribution gives a sale to the tracked clicks before it even when the buyer would have bought anyway, while the model counts only what rose and fell with the spend.`,
  unmodelled: ({ networks, count }) =>
    `${networks} ${count === 1 ? "is" : "are"} credited through clicks but ${count === 1 ? "has no ad spend of its own, so the model counts its" : "have no ad spend of their own, so the model counts their"} sales in the baseline.`,
  noJourneys:
    "No sale of the period has a tracked click trail, so the click-based models credit nothing to set beside the model.",
  why: "Neither is an experiment: the model reads correlation over time and attribution reads only tracked clicks; a lift test on a network settles where they disagree.",
};

const SIDE_BY_SIDE_FR: MmmSideBySideWords = {
  agree: ({ networks }) =>
    `Pour ${networks}, le revenu incrémental du modèle et le revenu attribué par les modèles fondés sur les clics concordent : leurs fourchettes se recoupent.`,
  mmmHigher: ({ networks }) =>
    `Pour ${networks}, le modèle trouve plus de revenu que n’en attribue aucun modèle fondé sur les clics : il compte aussi les ventes qui ne laissent pas de trace de clic (bouche-à-oreille, personnes qui ont vu une publication et reviennent « en direct » ou par une recherche), que l’attribution ne voit pas.`,
  mmmLower: ({ networks }) =>
    `Pour ${networks}, le modèle trouve moins de revenu que n’en attribue chaque modèle fondé sur les clics : l’attribution donne une vente aux clics suivis qui la précèdent même quand l’acheteur aurait acheté de toute façon, alors que le modèle ne compte que ce qui a monté et baissé avec les dépenses.`,
  unmodelled: ({ networks, count }) =>
    count === 1
      ? `${networks} reçoit du crédit par les clics mais n’a pas de dépenses publicitaires propres : le modèle compte ses ventes dans la base.`
      : `${networks} reçoivent du crédit par les clics mais n’ont pas de dépenses publicitaires propres : le modèle compte leurs ventes dans la base.`,
  noJourneys:
    "Aucune vente de la période n’a de trace de clic suivie : les modèles fondés sur les clics n’attribuent rien à comparer au modèle.",
  why: "Aucun des deux n’est une expérience : le modèle lit une corrélation dans le temps et l’attribution ne lit que les clics suivis ; un test de lift sur un réseau tranche là où ils divergent.",
};

const SIDE_BY_SIDE_NL: MmmSideBySideWords = {
  agree: ({ networks }) =>
    `Voor ${networks} komen de incrementele omzet van het model en de omzet die de klikmodellen toekennen overeen: hun bereiken overlappen.`,
  mmmHigher: ({ networks }) =>
    `Voor ${networks} vindt het model meer omzet dan enig klikmodel toekent: het telt ook verkopen die geen klikspoor achterlaten (mond-tot-mondreclame, mensen die een bericht zagen en later „direct” of via een zoekopdracht terugkwamen), die attributie niet ziet.`,
  mmmLower: ({ networks }) =>
    `Voor ${networks} vindt het model minder omzet dan elk klikmodel toekent: attributie kent een verkoop toe aan de gevolgde klikken ervoor, ook als de koper toch had gekocht, terwijl het model alleen telt wat met de uitgaven steeg en daalde.`,
  unmodelled: ({ networks, count }) =>
    `${networks} ${count === 1 ? "krijgt" : "krijgen"} toekenning via klikken maar ${count === 1 ? "heeft" : "hebben"} geen eigen advertentie-uitgaven, dus telt het model die verkopen in de basislijn.`,
  noJourneys:
    "Geen verkoop van de periode heeft een gevolgd klikspoor, dus kennen de klikmodellen niets toe om naast het model te leggen.",
  why: "Geen van beide is een experiment: het model leest correlatie in de tijd en attributie alleen gevolgde klikken; een lifttest op een netwerk beslecht waar ze verschillen.",
};

export const MMM_SIDE_BY_SIDE_WORDS: Record<Locale, MmmSideBySideWords> = {
  en: SIDE_BY_SIDE_EN,
  fr: SIDE_BY_SIDE_FR,
  nl: SIDE_BY_SIDE_NL,
};
