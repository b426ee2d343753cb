import { z } from "zod";

/**
 * The bounds of what socialroi takes in, checked at every door (import files, API bodies and
 * queries, command-line options) from here. DuckDB stores days from year 1 to 9999 and doubles up
 * to 1e308, but period arithmetic and sums then fail on every later read: a value the figures
 * cannot use is refused where it comes in, with the reason.
 */

export const FIRST_DAY = "1970-01-01";
export const LAST_DAY = "2100-12-31";
/** More than any real cost, sale or value; 1e308 overflowed the sums' casts to int64 ("bigint out of int64 range"). */
export const MAX_AMOUNT = 1e12;
/** Outcome names show as they are in reports and are matched as they are: printable and short. */
export const MAX_NAME_LENGTH = 100;
/** Control characters (NUL, escapes, line breaks), in a syntax JavaScript (`u` flag) and DuckDB (RE2) share. */
export const CONTROL_CHARACTER = "\\p{Cc}";

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = z.iso.datetime({ offset: true, local: true });
const HAS_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTER, "u");
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER, "gu");

/** Text quoted in a message, its control characters escaped (JSON leaves DEL and C1 ones as they are). */
function quoted(text: string): string {
  return JSON.stringify(text).replace(
    CONTROL_CHARACTERS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function daysInMonth(year: number, month: number): number | undefined {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Why `text` is not a day socialroi takes in (a real `YYYY-MM-DD` day within the bounds), or undefined. */
export function dayProblem(text: string): string | undefined {
  const parts = ISO_DAY.exec(text);
  if (!parts) return `${quoted(text)} is not a date YYYY-MM-DD`;
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number];
  const last = daysInMonth(year, month);
  if (last === undefined || day < 1 || day > last) return `${text} is not a date`;
  if (text < FIRST_DAY) return `${text} is before ${FIRST_DAY.slice(0, 4)}`;
  if (text > LAST_DAY) return `${text} is after ${LAST_DAY.slice(0, 4)}`;
  return undefined;
}

/** Why an ISO 8601 date-time is not taken in, judged on the day it names (as written, before any offset). */
export function dateTimeProblem(text: string): string | undefined {
  if (!ISO_DATE_TIME.safeParse(text).success) return `${quoted(text)} is not an ISO 8601 date and time`;
  return dayProblem(text.slice(0, 10));
}

/** Why `value` is not an amount socialroi takes in (finite, within ±MAX_AMOUNT), or undefined. */
export function amountProblem(value: number): string | undefined {
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  if (Math.abs(value) > MAX_AMOUNT) return `${value} is beyond ±${MAX_AMOUNT.toExponential()}`;
  return undefined;
}

/** Why `name` cannot name an outcome (value rules, custom conversion types), or undefined. */
export function nameProblem(name: string): string | undefined {
  if (HAS_CONTROL_CHARACTER.test(name)) return `${quoted(name)} contains a control character`;
  if ([...name].length > MAX_NAME_LENGTH)
    return `${quoted(name.slice(0, 20))}… is longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

/** What import errors expect of a value out of bounds. */
export const BOUNDS_TEXT = {
  day: `a day from ${FIRST_DAY} to ${LAST_DAY}`,
  amount: `a number from -${MAX_AMOUNT.toExponential()} to ${MAX_AMOUNT.toExponential()}`,
  name: `at most ${MAX_NAME_LENGTH} characters, none of them a control character`,
} as const;

function checked<T>(problem: (value: T) => string | undefined) {
  return (value: T, context: z.RefinementCtx) => {
    const message = problem(value);
    if (message) context.addIssue({ code: "custom", message });
  };
}

/** API fields, with the same messages as the other doors. */
export const dayField = z.string().superRefine(checked(dayProblem));
export const dateTimeField = z.string().superRefine(checked(dateTimeProblem));
export const amountField = z.number().superRefine(checked(amountProblem));
export const nameField = z.string().trim().min(1).superRefine(checked(nameProblem));
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
export function isCurrencyCode(code: string): boolean {
  return ISO_CURRENCIES.has(code.toUpperCase());
}

export const currencyField = z
  .string()
  .transform((code) => code.trim().toUpperCase())
  .refine(isCurrencyCode, "an ISO 4217 currency code such as EUR");
