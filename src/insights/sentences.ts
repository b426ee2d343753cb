import type { Locale } from "../domain/workspace.js";
import { figureFormatter } from "../i18n/format-figure.js";
import type { Driver, DriverAnalysis } from "./drivers.js";

const METRIC_NAMES: Record<string, Record<Locale, string>> = {
  engagement_rate: { en: "engagement rate", fr: "taux d'engagement", nl: "engagementratio" },
  clicks: { en: "clicks", fr: "clics", nl: "klikken" },
  ctr: { en: "click-through rate", fr: "taux de clics", nl: "doorklikratio" },
  leads: { en: "leads", fr: "prospects", nl: "leads" },
  revenue: { en: "revenue", fr: "chiffre d'affaires", nl: "omzet" },
};

const FEATURE_NAMES: Record<string, Record<Locale, string>> = {
  type: { en: "format", fr: "format", nl: "formaat" },
  network: { en: "network", fr: "réseau", nl: "netwerk" },
  weekday: { en: "day", fr: "jour", nl: "dag" },
  hour: { en: "hour", fr: "heure", nl: "uur" },
  text_length: { en: "text length", fr: "longueur du texte", nl: "tekstlengte" },
  hashtags: { en: "hashtags", fr: "hashtags", nl: "hashtags" },
  mentions: { en: "@mentions", fr: "mentions @", nl: "@vermeldingen" },
  question: { en: "a question", fr: "une question", nl: "een vraag" },
  emoji: { en: "emoji", fr: "émojis", nl: "emoji" },
  link: { en: "a link", fr: "un lien", nl: "een link" },
  media: { en: "a photo or video", fr: "une photo ou vidéo", nl: "een foto of video" },
  paid: { en: "paid promotion", fr: "une promotion payante", nl: "betaalde promotie" },
  campaign: { en: "campaign", fr: "campagne", nl: "campagne" },
  topic: { en: "the word", fr: "le mot", nl: "het woord" },
};

const YES_NO_PHRASE = new Set(["hashtags", "mentions", "question", "emoji", "link", "media", "paid"]);

function trait(driver: Driver, locale: Locale): string {
  const feature = FEATURE_NAMES[driver.feature]?.[locale] ?? driver.feature;
  if (YES_NO_PHRASE.has(driver.feature)) {
    return {
      en: `Posts with ${feature}`,
      fr: `Les publications avec ${feature}`,
      nl: `Berichten met ${feature}`,
    }[locale];
  }
  if (driver.feature === "topic") {
    return {
      en: `Posts using ${feature} "${driver.value}"`,
      fr: `Les publications avec ${feature} « ${driver.value} »`,
      nl: `Berichten met ${feature} "${driver.value}"`,
    }[locale];
  }
  return {
    en: `Posts with ${feature} ${driver.value}`,
    fr: `Les publications avec ${feature} ${driver.value}`,
    nl: `Berichten met ${feature} ${driver.value}`,
  }[locale];
}

function driverSentence(driver: Driver, metric: string, locale: Locale): string {
  const figure = figureFormatter(locale, { digits: "up-to" });
  const [lift, low, high] = [driver.lift, driver.ci_low, driver.ci_high].map((v) => figure(v, "decimal"));
  const compared =
    driver.feature === "network"
      ? { en: "other networks", fr: "les autres réseaux", nl: "andere netwerken" }[locale]
      : {
          en: "other posts on the same network",
          fr: "les autres publications du même réseau",
          nl: "andere berichten op hetzelfde netwerk",
        }[locale];
  return {
    en: `${trait(driver, "en")} get ${lift}× the ${metric} of ${compared} (95% interval ${low}–${high}, ${driver.n} posts).`,
    fr: `${trait(driver, "fr")} obtiennent ${lift} fois le ${metric} des ${compared} (intervalle à 95 % ${low}–${high}, ${driver.n} publications).`,
    nl: `${trait(driver, "nl")} halen ${lift}× de ${metric} van ${compared} (95%-interval ${low}–${high}, ${driver.n} berichten).`,
  }[locale];
}

/** The significant drivers as plain sentences, or a sentence saying there are none worth stating. */
export function driverSentences(analysis: DriverAnalysis, metric: string, locale: Locale): string[] {
  const name = METRIC_NAMES[metric]?.[locale] ?? metric.replace(/^extra:/, "");
  const significant = analysis.drivers.filter((d) => d.significant);
  if (significant.length > 0) return significant.map((d) => driverSentence(d, name, locale));
  if (analysis.tests === 0) {
    return [
      {
        en: "Not enough data: too few posts with and without each trait to compare them.",
        fr: "Pas assez de données : trop peu de publications avec et sans chaque caractéristique pour les comparer.",
        nl: "Niet genoeg gegevens: te weinig berichten met en zonder elk kenmerk om ze te vergelijken.",
      }[locale],
    ];
  }
  return [
    {
      en: `No trait goes with a clearly different ${name} once the ${analysis.tests} comparisons are accounted for.`,
      fr: `Aucune caractéristique ne va de pair avec un ${name} nettement différent, compte tenu des ${analysis.tests} comparaisons.`,
      nl: `Geen enkel kenmerk gaat samen met een duidelijk andere ${name}, rekening houdend met de ${analysis.tests} vergelijkingen.`,
    }[locale],
  ];
}
