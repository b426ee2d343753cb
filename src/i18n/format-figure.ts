/**
 * The one place a figure becomes text, for the dashboard, the reports and the sentences alike.
 * Where they write figures differently, the difference is a style option, not another formatter.
 */

/** How a figure reads: the units of the metrics catalogue, and decimal for a plain number with a fraction. */
export type FigureKind = "money" | "count" | "percent" | "multiple" | "decimal";

/** The fraction digits of each kind: at most this many, or exactly this many with `digits: "fixed"`. */
export const FRACTION_DIGITS: Readonly<Record<FigureKind, number>> = {
  money: 2,
  count: 0,
  percent: 1,
  multiple: 2,
  decimal: 2,
};

export interface FigureStyle {
  /**
   * "fixed": every figure of a kind shows its fraction digits, so a column lines up (reports:
   * 12.50, 3.0 %; money in the currency's own digits). "up-to": trailing zeros are dropped (the
   * dashboard: 12.5, 3 %; money at most 2 digits).
   */
  digits: "fixed" | "up-to";
  /** The currency money is written in (ISO 4217); only money needs it. */
  currency?: string;
  /** What a missing figure (null, a ratio without a denominator) reads; without it Intl writes NaN. */
  notAvailable?: string;
  /** Write an ordinary no-break space where Intl writes a narrow one (see `noBreakSpaces`). */
  noBreakSpaces?: boolean;
}

export type FormatFigure = (value: number | null | undefined, kind: FigureKind) => string;

/**
 * Intl writes a narrow no-break space (U+202F) in French numbers; PDF standard fonts lack it and
 * readers searching for "1 234,56" type an ordinary no-break space at most.
 */
export function noBreakSpaces(text: string): string {
  return text.replace(/\u202f/g, "\u00a0");
}

function numberOptions(kind: FigureKind, { digits, currency }: FigureStyle): Intl.NumberFormatOptions {
  const most = FRACTION_DIGITS[kind];
  const fraction =
    digits === "fixed"
      ? { minimumFractionDigits: most, maximumFractionDigits: most }
      : { maximumFractionDigits: most };
  switch (kind) {
    case "money":
      if (!currency) throw new Error("figureFormatter: money needs a currency");
      // A currency has its own fraction digits (none for JPY, 3 for KWD): fixed keeps them.
      return digits === "fixed"
        ? { style: "currency", currency }
        : { style: "currency", currency, ...fraction };
    case "percent":
      return { style: "percent", ...fraction };
    default:
      return fraction;
  }
}

/** Writes figures in a locale (a BCP 47 tag: "fr", "fr-BE") in one style; multiples end in "×". */
export function figureFormatter(locale: string, style: FigureStyle): FormatFigure {
  const formats = new Map<FigureKind, Intl.NumberFormat>();
  const numberFormat = (kind: FigureKind) => {
    let format = formats.get(kind);
    if (!format) {
      format = new Intl.NumberFormat(locale, numberOptions(kind, style));
      formats.set(kind, format);
    }
    return format;
  };
  return (value, kind) => {
    const missing = value === null || value === undefined || !Number.isFinite(value);
    if (missing && style.notAvailable !== undefined) return style.notAvailable;
    const number = numberFormat(kind).format(value ?? Number.NaN);
    const text = kind === "multiple" ? `${number}×` : number;
    return style.noBreakSpaces ? noBreakSpaces(text) : text;
  };
}

/** The currency's symbol as the locale writes it, and whether it comes before the number. */
export function currencySymbol(locale: string, currency: string): { symbol: string; before: boolean } {
  const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(1);
  const symbolIndex = parts.findIndex((p) => p.type === "currency");
  const integerIndex = parts.findIndex((p) => p.type === "integer");
  return { symbol: parts[symbolIndex]?.value ?? currency, before: symbolIndex < integerIndex };
}
