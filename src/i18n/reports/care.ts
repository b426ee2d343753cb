import type { Locale } from "../../domain/workspace.js";

/** The customer-care part of a report's insights: satisfaction per network, and how sentiment was found. */
export interface CareWords {
  title: string;
  intro: (a: { mentions: string; positive: string; negative: string }) => string;
  columns: {
    previous: (figure: string) => string;
    medianResponse: string;
    answered: string;
    resolved: string;
  };
  languages: Record<Locale, string>;
  model: (a: { language: string; source: string; examples: string }) => string;
  lexicon: (language: string) => string;
  method: (a: {
    models: string;
    mentions: string;
    corrected: string;
    lowConfidence: string;
    threshold: string;
  }) => string;
}

export const CARE_WORDS: Record<Locale, CareWords> = {
  en: {
    title: "Customer care per network",
    intro: ({ mentions, positive, negative }) =>
      `${mentions} mentions of the brand in the period: ${positive} positive and ${negative} negative.`,
    columns: {
      previous: (figure) => `${figure}, period before`,
      medianResponse: "Median response (min)",
      answered: "Answered",
      resolved: "Issues resolved",
    },
    languages: { en: "English", fr: "French", nl: "Dutch" },
    model: ({ language, source, examples }) =>
      `${language}: a logistic regression on word and character n-grams trained on ${examples} labelled texts (${source})`,
    lexicon: (language) => `${language}: a sentiment lexicon (@nlpjs)`,
    method: ({ models, mentions, corrected, lowConfidence, threshold }) =>
      `Method: each mention's sentiment is given by the model of its language (the file's, else detected) — ${models}. ` +
      `Users corrected ${corrected} of the ${mentions} mentions; their class counts instead of the model's. ` +
      `${lowConfidence} uncorrected verdicts had a confidence below ${threshold}: they count as the model gave them until someone reviews them.`,
  },
  fr: {
    title: "Service client par réseau",
    intro: ({ mentions, positive, negative }) =>
      `${mentions} mentions de la marque sur la période : ${positive} positives et ${negative} négatives.`,
    columns: {
      previous: (figure) => `${figure}, période précédente`,
      medianResponse: "Réponse médiane (min)",
      answered: "Avec réponse",
      resolved: "Problèmes résolus",
    },
    languages: { en: "anglais", fr: "français", nl: "néerlandais" },
    model: ({ language, source, examples }) =>
      `${language} : une régression logistique sur les n-grammes de mots et de caractères entraînée sur ${examples} textes annotés (${source})`,
    lexicon: (language) => `${language} : un lexique de sentiment (@nlpjs)`,
    method: ({ models, mentions, corrected, lowConfidence, threshold }) =>
      `Méthode : le sentiment de chaque mention est donné par le modèle de sa langue (celle du fichier, sinon détectée) — ${models}. ` +
      `Les utilisateurs ont corrigé ${corrected} des ${mentions} mentions ; leur classe compte à la place de celle du modèle. ` +
      `${lowConfidence} verdicts non corrigés avaient une confiance inférieure à ${threshold} : ils comptent tels que le modèle les a donnés tant que personne ne les a vérifiés.`,
  },
  nl: {
    title: "Klantenservice per netwerk",
    intro: ({ mentions, positive, negative }) =>
      `${mentions} vermeldingen van het merk in de periode: ${positive} positief en ${negative} negatief.`,
    columns: {
      previous: (figure) => `${figure}, vorige periode`,
      medianResponse: "Mediane reactietijd (min)",
      answered: "Beantwoord",
      resolved: "Problemen opgelost",
    },
    languages: { en: "Engels", fr: "Frans", nl: "Nederlands" },
    model: ({ language, source, examples }) =>
      `${language}: een logistische regressie op woord- en teken-n-grammen, getraind op ${examples} gelabelde teksten (${source})`,
    lexicon: (language) => `${language}: een sentimentlexicon (@nlpjs)`,
    method: ({ models, mentions, corrected, lowConfidence, threshold }) =>
      `Methode: het sentiment van elke vermelding komt van het model van haar taal (die van het bestand, anders herkend) — ${models}. ` +
      `Gebruikers corrigeerden ${corrected} van de ${mentions} vermeldingen; hun klasse telt in plaats van die van het model. ` +
      `${lowConfidence} niet-gecorrigeerde oordelen hadden een zekerheid onder ${threshold}: ze tellen zoals het model ze gaf tot iemand ze nakijkt.`,
  },
};
