/**
 * Spreadsheet programs run a text cell starting with one of these as a formula (CSV injection).
 * Tab and carriage return are included because some programs strip them before deciding.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a text cell with an apostrophe so it is shown, not run. Numbers are never passed here. */
export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
