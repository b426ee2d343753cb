import type { Locale } from "../api/workspace.js";

/** How a figure reads: amounts in the reporting currency, ratios as percentages or multiples. */
export type FigureKind = "money" | "count" | "percent" | "multiple" | "decimal";

export interface Formatter {
  figure(value: number | null | undefined, kind: FigureKind): string;
  /** An amount in its own currency (an entry as it was typed), not the reporting one. */
  amount(value: number, currency: string): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  month(key: string): string;
}

/** The browser's own regional variant when it speaks the chosen language (fr-BE, nl-NL, …). */
export function numberLocale(lang: Locale): string {
  const browser = navigator.language;
  return browser.toLowerCase().startsWith(lang) ? browser : lang;
}

/** The one place figures become text; a ratio without a denominator (null) reads "n/a". */
export function createFormatter(lang: Locale, currency: string, notAvailable: string): Formatter {
  const locale = numberLocale(lang);
  const formats: Record<FigureKind, Intl.NumberFormat> = {
    money: new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 2 }),
    count: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    percent: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }),
    multiple: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    decimal: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
  };
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const month = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  return {
    figure(value, kind) {
      if (value === null || value === undefined || !Number.isFinite(value)) return notAvailable;
      const text = formats[kind].format(value);
      return kind === "multiple" ? `${text}×` : text;
    },
    amount: (value, code) =>
      new Intl.NumberFormat(locale, { style: "currency", currency: code }).format(value),
    date: (iso) => (iso ? day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : ""),
    dateTime: (iso) => (iso ? moment.format(new Date(iso)) : ""),
    month: (key) => month.format(new Date(`${key}-01T00:00:00Z`)),
  };
}
