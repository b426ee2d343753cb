import type { Locale } from "../../domain/workspace.js";
import { en, type MessageKey, type Messages } from "./en.js";
import { fr } from "./fr.js";
import { nl } from "./nl.js";

export { en, type MessageKey, type Messages } from "./en.js";

export const DICTIONARIES: Record<Locale, Messages> = { en, fr, nl };
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", fr: "Français", nl: "Nederlands" };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(lang: Locale): Translate {
  const messages = DICTIONARIES[lang];
  return (key, values = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
