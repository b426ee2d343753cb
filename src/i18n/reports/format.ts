import type { Locale } from "../../domain/workspace.js";
import { currencySymbol, type FigureKind, figureFormatter, noBreakSpaces } from "../format-figure.js";
import { WORDS } from "./words.js";

/** The region a report's figures and dates are written for, by reader language. */
const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", fr: "fr-FR", nl: "nl-NL" };

/** Kinds of report cell: a figure, text or a date; each renderer formats or number-formats a cell by its kind. */
export type CellKind = FigureKind | "text" | "date";

export interface Formatter {
  locale: Locale;
  currency: string;
  format(value: string | number | null, kind: CellKind): string;
  date(iso: string): string;
  /** The day of the week, 0 = Monday, as the reader's language names it. */
  weekday(mondayBased: number): string;
  /** The currency's symbol as the reader's locale writes it, and whether it comes first. */
  currencySymbol: { symbol: string; before: boolean };
}

/**
 * Reports write figures with fixed fraction digits, so a column lines up, and with ordinary
 * no-break spaces, which the PDF fonts have; a number in a text or date cell reads as a count.
 */
export function formatter(locale: Locale, currency: string): Formatter {
  const tag = INTL_LOCALE[locale];
  const figure = figureFormatter(tag, {
    digits: "fixed",
    currency,
    notAvailable: WORDS[locale].notAvailable,
    noBreakSpaces: true,
  });
  const dates = new Intl.DateTimeFormat(tag, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const weekdays = new Intl.DateTimeFormat(tag, { weekday: "long", timeZone: "UTC" });
  // 5 January 1970 was a Monday.
  const weekday = (mondayBased: number) => weekdays.format(new Date(Date.UTC(1970, 0, 5 + mondayBased)));
  const date = (iso: string) => noBreakSpaces(dates.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)));
  return {
    locale,
    currency,
    currencySymbol: currencySymbol(tag, currency),
    date,
    weekday,
    format(value, kind) {
      if (typeof value === "string") return kind === "date" ? date(value) : value;
      return figure(value, kind === "text" || kind === "date" ? "count" : kind);
    },
  };
}
