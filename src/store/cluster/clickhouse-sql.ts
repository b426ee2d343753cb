import type { Params } from "../store.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds, to escape them.
const CONTROL_CHARACTER = /[\x00-\x1f\x7f]/g;

/**
 * A value as a ClickHouse literal. ClickHouse 18.16 binds no query parameters, so values are written
 * into the text here, and only here: backslash and quote escaped (ClickHouse reads C escapes in
 * strings), control characters as `\xHH` (a raw NUL ends a string in chDB), numbers only when
 * finite, lists as arrays of the same.
 */
export function clickhouseLiteral(value: Params[string]): string {
  if (value === null) return "NULL";
  if (typeof value === "string")
    return `'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(CONTROL_CHARACTER, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}'`;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`ClickHouse has no literal for ${value}`);
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  return `[${value.map((item: string | number) => clickhouseLiteral(item)).join(", ")}]`;
}

/** The statement with each `$name` replaced by its value's literal; names inside quotes are left alone. */
export function boundClickHouseSql(sql: string, params: Params = {}): string {
  return sql.replace(
    /'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string) => {
      if (name === undefined) return match;
      if (!(name in params)) throw new Error(`The statement uses $${name}, which it was given no value for`);
      return clickhouseLiteral(params[name] as Params[string]);
    },
  );
}
