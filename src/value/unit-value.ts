/**
 * A rule's unit value (DuckDB SQL over the columns of `value_rules`, optionally prefixed by a
 * table alias): the one given, else conversion probability × average price. Imports complete
 * their rows with it, and the ROI reads rules through it, so a rule stored without its unit value
 * still values what it should.
 */
export function unitValueSql(alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `coalesce(${column("unit_value")}, ${column("probability")} * ${column("price")})`;
}
