import type { ColumnType } from "../domain/canonical.js";
import { BOUNDS_TEXT } from "../domain/input-bounds.js";
import { NETWORK_ALIASES } from "../domain/network.js";
import { quoteLiteral } from "../store/sql-text.js";
import type { ValueStyle } from "./value-style.js";

/** SQL expressions turning a staged text cell into a typed value; NULL when it cannot be read. */

/**
 * A cell without the spaces around it. DuckDB's trim copies every cell and reads it to its end;
 * only a cell starting or ending with a space, or holding a non-ASCII character (another kind of
 * space may be one), can change, so the others are taken as they are.
 */
function trimmed(text: string): string {
  return `CASE WHEN prefix(${text}, ' ') OR suffix(${text}, ' ') OR strlen(${text}) <> length(${text}) THEN trim(${text}) ELSE ${text} END`;
}

/** Empty cells, and the `-` X writes into empty promoted columns, mean "no value". */
export function blankToNull(text: string): string {
  return `nullif(nullif(${trimmed(text)}, ''), '-')`;
}

export function numberSql(text: string, style: ValueStyle): string {
  const stripped = `regexp_replace(${blankToNull(text)}, '[\\s\\x{00a0}\\x{202f}€$£%'']', '', 'g')`;
  const normalised =
    style.decimal === ","
      ? `replace(replace(${stripped}, '.', ''), ',', '.')`
      : `replace(${stripped}, ',', '')`;
  // Most cells are plain numbers: a direct cast spares them the regular expression (coalesce only
  // evaluates its second argument where the first is NULL). With decimal commas "1.234" means 1234,
  // so only the normalised path is right there.
  return style.decimal === ","
    ? `TRY_CAST(${normalised} AS DOUBLE)`
    : `coalesce(TRY_CAST(${text} AS DOUBLE), TRY_CAST(${normalised} AS DOUBLE))`;
}

function integerSql(text: string, style: ValueStyle): string {
  const n = numberSql(text, style);
  return `CASE WHEN ${n} = round(${n}) AND abs(${n}) < 9e15 THEN CAST(${n} AS BIGINT) END`;
}

const ISO_DATES = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"];

/** ISO dates, which cannot be mistaken for the file's own style, are read in every style (a format's expression may write them). */
function dateFormats(style: ValueStyle): string[] {
  if (style.dates === "dmy") return ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", ...ISO_DATES];
  if (style.dates === "mdy") return ["%m/%d/%Y", "%m-%d-%Y", ...ISO_DATES];
  return ISO_DATES;
}

function dateSql(text: string, style: ValueStyle): string {
  const formats = dateFormats(style)
    .map((f) => quoteLiteral(f))
    .join(", ");
  const value = `left(${blankToNull(text)}, 10)`;
  return `CAST(try_strptime(${value}, [${formats}]) AS DATE)`;
}

/** Timestamps without an offset are read in the workspace's time zone, as the user wrote them. */
function timestampSql(text: string, style: ValueStyle, timezone: string): string {
  const value = blankToNull(text);
  const withTime = dateFormats(style).flatMap((f) => [
    `${f} %H:%M:%S`,
    `${f} %H:%M`,
    `${f}T%H:%M:%S`,
    `${f}T%H:%M`,
    f,
  ]);
  const local = `try_strptime(${value}, [${withTime.map(quoteLiteral).join(", ")}])`;
  const hasOffset = `regexp_matches(${value}, '(Z|[+-]\\d\\d:?\\d\\d)$')`;
  const iso = style.dates === "iso" ? `TRY_CAST(${value} AS TIMESTAMP)` : local;
  // ISO 8601 with "Z" or "±hh:mm", the usual case, is recognised without a regular expression; "Z"
  // in a WHEN of its own, tested first (in an OR, DuckDB would test the slower patterns first).
  const withOffset = `TRY_CAST(${value} AS TIMESTAMPTZ)`;
  return `CASE WHEN ${text} LIKE '%Z' THEN ${withOffset} WHEN ${text} LIKE '%+__:__' OR ${text} LIKE '%-__:__' THEN ${withOffset} WHEN ${hasOffset} THEN ${withOffset} ELSE timezone(${quoteLiteral(timezone)}, coalesce(${iso}, ${local})) END`;
}

export function typedSql(type: ColumnType, text: string, style: ValueStyle, timezone: string): string {
  switch (type.kind) {
    case "integer":
      return integerSql(text, style);
    case "decimal":
      return numberSql(text, style);
    case "date":
      return dateSql(text, style);
    case "timestamp":
      return timestampSql(text, style, timezone);
    case "currency":
      return `upper(${blankToNull(text)})`;
    case "network": {
      const aliases = Object.entries(NETWORK_ALIASES)
        .map(([alias, id]) => `WHEN ${quoteLiteral(alias)} THEN ${quoteLiteral(id)}`)
        .join(" ");
      const lowered = `lower(${blankToNull(text)})`;
      return `CASE ${lowered} ${aliases} ELSE ${lowered} END`;
    }
    case "enum":
      return `lower(${blankToNull(text)})`;
    case "text":
    case "name":
      return `nullif(${text}, '')`;
  }
}

export function sqlType(type: ColumnType): string {
  const types: Partial<Record<ColumnType["kind"], string>> = {
    integer: "BIGINT",
    decimal: "DOUBLE",
    date: "DATE",
    timestamp: "TIMESTAMPTZ",
  };
  return types[type.kind] ?? "VARCHAR";
}

const STYLED_DAY: Record<ValueStyle["dates"], string> = {
  iso: "YYYY-MM-DD",
  dmy: "dd/mm/yyyy",
  mdy: "mm/dd/yyyy",
};

export function expectedText(type: ColumnType, style: ValueStyle): string {
  switch (type.kind) {
    case "integer":
      return "a whole number";
    case "decimal":
      return style.decimal === "," ? "a number such as 1234,56" : "a number such as 1234.56";
    case "date":
      return `a date ${STYLED_DAY[style.dates]}`;
    case "timestamp":
      return style.dates === "iso"
        ? "a date and time, ISO 8601 (2026-03-01T14:30:00Z)"
        : `a date and time ${STYLED_DAY[style.dates]} hh:mm`;
    case "currency":
      return "an ISO 4217 currency code such as EUR";
    case "network":
      return "a lower-case network id such as facebook, instagram, x, linkedin";
    case "enum":
      return `one of ${type.values.join(", ")}`;
    case "text":
      return "text";
    case "name":
      return `a name of ${BOUNDS_TEXT.name}`;
  }
}
