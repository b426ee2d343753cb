import type { CanonicalFormat, ColumnType } from "../domain/canonical.js";
import {
  BOUNDS_TEXT,
  CONTROL_CHARACTER,
  FIRST_DAY,
  LAST_DAY,
  MAX_AMOUNT,
  MAX_NAME_LENGTH,
} from "../domain/input-bounds.js";
import { NETWORK_ALIASES } from "../domain/network.js";
import { extraColumn } from "../store/extra-columns.js";
import { quoteIdent, quoteLiteral } from "../store/sql-text.js";
import type { Params } from "../store/store.js";
import type { ColumnSource, TableMapping } from "./file-format.js";
import { blankToNull, sqlType, typedSql } from "./sql-parse.js";
import type { ValueStyle } from "./value-style.js";

const ISO_CURRENCIES = Intl.supportedValuesOf("currency");

/** The networks most cells name, valid network ids all: they are accepted without a regular expression. */
const KNOWN_NETWORKS = [...new Set(Object.values(NETWORK_ALIASES))].map(quoteLiteral).join(", ");

export function rawColumn(name: string): string {
  return quoteIdent(`__raw__${name}`);
}

function sourceText(source: ColumnSource): string {
  return typeof source === "string" ? quoteIdent(source) : `(${source.sql})`;
}

/**
 * Each canonical column as a typed value and as the raw text it came from (NULL when blank), over
 * the file's text columns, then the unmapped columns as they are (see `extraJson`). Columns the
 * mapping does not fill are typed NULLs.
 */
export function columnSelect(
  spec: CanonicalFormat,
  mapping: TableMapping,
  style: ValueStyle,
  timezone: string,
  extraColumns: string[],
): string {
  const parts: string[] = [];
  for (const column of spec.columns) {
    const source = mapping.columns[column.name];
    if (source === undefined) {
      parts.push(
        `CAST(NULL AS ${sqlType(column.type)}) AS ${quoteIdent(column.name)}`,
        `CAST(NULL AS VARCHAR) AS ${rawColumn(column.name)}`,
      );
      continue;
    }
    const text = sourceText(source);
    const preTyped = typeof source !== "string" && source.typed;
    parts.push(
      `${preTyped ? text : typedSql(column.type, text, style, timezone)} AS ${quoteIdent(column.name)}`,
    );
    parts.push(`CAST(${preTyped ? text : blankToNull(text)} AS VARCHAR) AS ${rawColumn(column.name)}`);
  }
  parts.push(
    ...extraColumns.map((c) => `${quoteIdent(c)} AS ${extraColumn(c)}`),
    `${mapping.where ? `coalesce((${mapping.where}), false)` : "true"} AS __keep`,
  );
  if (mapping.skipped) parts.push(`(${mapping.skipped}) AS __skipped`);
  return parts.join(",\n ");
}

/** The parameters the mapping's expressions use (see `literal` in formats/shared.ts). */
export function mappingParams(mapping: TableMapping): Params {
  const params: Params = {};
  for (const source of Object.values(mapping.columns))
    if (typeof source === "object") Object.assign(params, source.params);
  return params;
}

export interface ProblemCondition {
  column: string;
  kind: "type" | "empty" | "enum" | "range" | "rounded";
  /** SQL over the columns of `columnSelect`, true when the row has this problem. */
  condition: string;
}

const UNPARSED_KINDS = new Set(["text", "name", "enum", "currency", "network"]);

/** An id re-saved by a spreadsheet as a rounded number, `1.04579475295885E+18` (RE2 and JavaScript syntax alike). */
const ROUNDED_ID = "[0-9]+([.][0-9]+)?[eE][+][0-9]+";
export const ROUNDED_ID_EXPECTED =
  "an id in full: re-export the file or open it as text: Excel rounded this id";

/** Ids are text columns named `…_id`: a rounded one names another post, sale or customer than the file meant. */
function isIdColumn(column: CanonicalFormat["columns"][number]): boolean {
  return column.type.kind === "text" && column.name.endsWith("_id");
}

/** Typed values out of the bounds every door keeps (domain/input-bounds.ts), and what is expected instead. */
const BOUNDS: Partial<Record<ColumnType["kind"], { outside: (id: string) => string; expected: string }>> = {
  date: {
    outside: (id) => `${id} NOT BETWEEN DATE '${FIRST_DAY}' AND DATE '${LAST_DAY}'`,
    expected: BOUNDS_TEXT.day,
  },
  // The instants of those days (in UTC, the store's time zone) rather than the instant's day: a
  // time-zone-aware cast to DATE costs more than reading the timestamp did.
  timestamp: {
    outside: (id) =>
      `NOT (${id} >= TIMESTAMPTZ '${FIRST_DAY} 00:00:00+00' AND ${id} < TIMESTAMPTZ '${LAST_DAY} 00:00:00+00' + INTERVAL 1 DAY)`,
    expected: BOUNDS_TEXT.day,
  },
  // NaN and infinities compare above every number, so they are out of bounds too.
  decimal: { outside: (id) => `NOT (abs(${id}) <= ${MAX_AMOUNT})`, expected: BOUNDS_TEXT.amount },
};

export function boundsExpected(type: ColumnType): string | undefined {
  return BOUNDS[type.kind]?.expected;
}

/** Everything that makes a row unacceptable, column by column. */
export function problemConditions(spec: CanonicalFormat, mapping: TableMapping): ProblemCondition[] {
  const problems: ProblemCondition[] = [];
  for (const column of spec.columns) {
    const id = quoteIdent(column.name);
    const raw = rawColumn(column.name);
    const add = (kind: ProblemCondition["kind"], condition: string) =>
      problems.push({ column: column.name, kind, condition });
    // Text, codes and names are typed from their text without parsing: they cannot fail to parse
    // (their own checks follow), and they are empty exactly when their typed value is NULL, so
    // their checks need not compute the raw text (a cost on every row of every import).
    const unparsed = UNPARSED_KINDS.has(column.type.kind);
    if (mapping.columns[column.name] !== undefined && !unparsed)
      add("type", `${raw} IS NOT NULL AND ${id} IS NULL`);
    if (column.notEmpty) add("empty", unparsed ? `${id} IS NULL` : `${raw} IS NULL AND ${id} IS NULL`);
    // The cheap test first: ids are checked on every row of every import, and almost none has an
    // exponent. A CASE keeps that order (DuckDB reorders the terms of an AND by its own cost guess).
    if (isIdColumn(column))
      add(
        "rounded",
        `CASE WHEN contains(${id}, 'E+') OR contains(${id}, 'e+') THEN regexp_full_match(${id}, '${ROUNDED_ID}') END`,
      );
    if (column.type.kind === "enum")
      add("enum", `${id} NOT IN (${column.type.values.map(quoteLiteral).join(", ")})`);
    // Not `NOT IN (…)`: DuckDB turns a long IN list into a join, and below a join an INSERT cannot
    // write in parallel batches (a million conversions: 1.5 s in the insert, 0.9 s in batches).
    if (column.type.kind === "currency")
      add("type", `NOT list_contains([${ISO_CURRENCIES.map(quoteLiteral).join(", ")}], ${id})`);
    if (column.type.kind === "network")
      add(
        "type",
        `CASE WHEN list_contains([${KNOWN_NETWORKS}], ${id}) THEN false ELSE NOT regexp_full_match(${id}, '[a-z][a-z0-9_.-]{0,39}') END`,
      );
    if (column.type.kind === "name")
      add("type", `regexp_matches(${id}, '${CONTROL_CHARACTER}') OR length(${id}) > ${MAX_NAME_LENGTH}`);
    const bounds = BOUNDS[column.type.kind];
    if (bounds) add("range", bounds.outside(id));
  }
  return problems;
}

/** True for a row with any problem; a NULL comparison (no value) is no problem. */
export function anyProblemSql(problems: ProblemCondition[]): string {
  return problems.length ? problems.map((p) => `coalesce(${p.condition}, false)`).join(" OR ") : "false";
}
