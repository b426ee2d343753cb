import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { MetricDefinition } from "../../api/analytics.js";
import type { Locale } from "../../api/workspace.js";
import type { Formatter } from "../format.js";
import { en, type MessageKey, type Messages } from "./en.js";
import { fr } from "./fr.js";
import { nl } from "./nl.js";

export const DICTIONARIES: Record<Locale, Messages> = { en, fr, nl };
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", fr: "Français", nl: "Nederlands" };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(lang: Locale): Translate {
  const messages = DICTIONARIES[lang];
  return (key, values = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

/** What every page needs to speak the user's language and explain its figures. */
export interface Locality {
  lang: Locale;
  t: Translate;
  format: Formatter;
  metrics: Map<string, MetricDefinition>;
  currency: string;
}

export const LocalityContext = createContext<Locality | null>(null);

export function useLocality(): Locality {
  const locality = useContext(LocalityContext);
  if (!locality) throw new Error("useLocality outside LocalityContext");
  return locality;
}
