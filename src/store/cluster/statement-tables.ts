/**
 * Which of the store's tables a statement reads and writes, from its text. The texts are the
 * application's own, fixed by shape (store/query.ts): a table is named after FROM, JOIN, INTO,
 * UPDATE, TRUNCATE or TABLE, or in a FROM list after a comma, so a column or an alias that shares
 * a table's name (a figure called `clicks`) does not make the working copy load that table.
 */
export interface StatementTables {
  named: string[];
  written: string[];
}

const NAME = '"?([A-Za-z_][A-Za-z0-9_]*)"?';
/** Words that may follow a table in a FROM list, where an alias would otherwise be. */
const CLAUSE =
  "WHERE|GROUP|ORDER|LIMIT|JOIN|LEFT|RIGHT|INNER|FULL|CROSS|ASOF|POSITIONAL|ON|USING|UNION|EXCEPT|INTERSECT|WINDOW|QUALIFY|HAVING|SET|SELECT|VALUES|BY|DEFAULT";
const ALIAS = String.raw`(?:\s+(?:AS\s+)?(?!(?:${CLAUSE})\b)[A-Za-z_]\w*)?`;
/** A table where a statement names one, with the tables its FROM list adds after commas (group 2). */
const TABLE_REFERENCE = new RegExp(
  String.raw`\b(?:FROM|JOIN|INTO|UPDATE|TRUNCATE|TABLE)\s+${NAME}${ALIAS}((?:\s*,\s*"?[A-Za-z_]\w*"?${ALIAS})*)`,
  "gi",
);
const LISTED = new RegExp(String.raw`,\s*${NAME}`, "g");
const WRITE =
  /\b(?:INSERT\s+(?:OR\s+(?:REPLACE|IGNORE)\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

export function statementTables(sql: string, tables: ReadonlySet<string>): StatementTables {
  const named = new Set<string>();
  for (const match of sql.matchAll(TABLE_REFERENCE)) {
    const [, first, rest = ""] = match;
    for (const name of [first, ...[...rest.matchAll(LISTED)].map((listed) => listed[1])])
      if (name !== undefined && tables.has(name)) named.add(name);
  }
  const written = new Set<string>();
  for (const match of sql.matchAll(WRITE)) {
    const table = match[1];
    if (table !== undefined && tables.has(table)) written.add(table);
  }
  return { named: [...named], written: [...written] };
}
