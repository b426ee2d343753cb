import type { Locale } from "../api/workspace.js";
import { type FormatFigure, figureFormatter } from "../i18n/format-figure.js";

export type { FigureKind } from "../i18n/format-figure.js";

export interface Formatter {
  figure: FormatFigure;
  /** An amount in its own currency (an entry as it was typed), not the reporting one. */
  amount(value: number, currency: string): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  month(key: string): string;
}

/** The browser's own regional variant when it speaks the chosen language (fr-BE, nl-NL, …). */
function numberLocale(lang: Locale): string {
  const browser = navigator.language;
  return browser.toLowerCase().startsWith(lang) ? browser : lang;
}

/**
 * The dashboard's figures: trailing zeros dropped (12.5, 3 %); a ratio without a denominator
 * (null) reads "n/a". An amount as it was typed keeps its currency's own digits.
 */
export function createFormatter(lang: Locale, currency: string, notAvailable: string): Formatter {
  const locale = numberLocale(lang);
  const figure = figureFormatter(locale, { digits: "up-to", currency, notAvailable });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const month = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  return {
    figure,
    amount: (value, code) => figureFormatter(locale, { digits: "fixed", currency: code })(value, "money"),
    date: (iso) => (iso ? day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : ""),
    dateTime: (iso) => (iso ? moment.format(new Date(iso)) : ""),
    month: (key) => month.format(new Date(`${key}-01T00:00:00Z`)),
  };
}
