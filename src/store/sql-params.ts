/** Binds `$name` date parameters as DATE: bound as text they would compare as strings in some expressions. */
export function castDateParams(sql: string, names: string[]): string {
  return sql.replace(new RegExp(`\\$(${names.join("|")})\\b`, "g"), "CAST($$$1 AS DATE)");
}
