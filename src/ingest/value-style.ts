/**
 * How numbers and dates are written in a file. French and Dutch exports write `1 234,56` and
 * `31/01/2026`; the rest of the world `1,234.56` and `2026-01-31`.
 */
export interface ValueStyle {
  decimal: "." | ",";
  dates: "iso" | "dmy" | "mdy";
}

const COMMA_DECIMAL = /^[-+]?[€$£]?\s?\d{1,3}(?:[ .\u00a0\u202f']\d{3})*,\d+$|^[-+]?\d+,\d+$/;
const POINT_DECIMAL = /^[-+]?[€$£]?\s?\d{1,3}(?:[,\u00a0\u202f ]\d{3})*\.\d+$|^[-+]?\d+\.\d+$/;
const SLASHED_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/;

export function detectValueStyle(
  rows: string[][],
  numericColumns: number[],
  dateColumns: number[],
  delimiter: string,
  /** The order of slashed dates when no day or month past 12 tells (see FileFormat.slashedDates). */
  slashedDates: "mdy" | "dmy" = "dmy",
): ValueStyle {
  let commaVotes = 0;
  let pointVotes = 0;
  for (const row of rows) {
    for (const index of numericColumns) {
      const value = row[index]?.trim() ?? "";
      if (COMMA_DECIMAL.test(value)) commaVotes++;
      else if (POINT_DECIMAL.test(value)) pointVotes++;
    }
  }
  let dayFirst = 0;
  let monthFirst = 0;
  let slashed = 0;
  for (const row of rows) {
    for (const index of dateColumns) {
      const match = SLASHED_DATE.exec(row[index]?.trim() ?? "");
      if (!match) continue;
      slashed++;
      if (Number(match[1]) > 12) dayFirst++;
      if (Number(match[2]) > 12) monthFirst++;
    }
  }
  // Without a decisive number, a `;`-separated file is almost always a comma-decimal locale.
  const decimal = commaVotes > pointVotes || (commaVotes === pointVotes && delimiter === ";") ? "," : ".";
  const dates =
    slashed === 0 ? "iso" : monthFirst > dayFirst ? "mdy" : dayFirst > monthFirst ? "dmy" : slashedDates;
  return { decimal, dates };
}
