import { quoteIdent, quoteLiteral } from "./sql-text.js";

/** An unmapped file column as the typed table keeps it: raw text, under a name no canonical column has. */
export function extraColumn(name: string): string {
  return quoteIdent(`__extra__${name}`);
}

/**
 * The unmapped columns as the JSON object stored in `extra`, over a typed table (`table` qualifies
 * the columns). Built only when rows are written: with every column name repeated on every row it
 * is several times the size of the cells, too big to hold in a typed table of a million rows.
 */
export function extraJson(extraColumns: string[], table?: string): string {
  if (!extraColumns.length) return "CAST(NULL AS JSON)";
  const column = (name: string) => (table ? `${table}.${extraColumn(name)}` : extraColumn(name));
  return `json_object(${extraColumns.map((c) => `${quoteLiteral(c)}, ${column(c)}`).join(", ")})`;
}
