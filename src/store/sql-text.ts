/**
 * Names and constant text written into SQL. Values from users are always bound as parameters;
 * these quote what cannot be: identifiers (a file's column names) and literals the code itself
 * composes (patterns, formats).
 */

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
