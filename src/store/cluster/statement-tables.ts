/**
 * Which of the store's tables a statement reads and writes, from its text. The texts are the
 * application's own, fixed by shape (store/query.ts), so a word that names a table is a table: a
 * column or alias of the same name only makes the working copy load a table it did not need.
 */
export interface StatementTables {
  named: string[];
  written: string[];
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const WRITE =
  /\b(?:INSERT\s+(?:OR\s+(?:REPLACE|IGNORE)\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

export function statementTables(sql: string, tables: ReadonlySet<string>): StatementTables {
  const named = new Set<string>();
  for (const [word] of sql.matchAll(WORD)) if (tables.has(word)) named.add(word);
  const written = new Set<string>();
  for (const match of sql.matchAll(WRITE)) {
    const table = match[1];
    if (table !== undefined && tables.has(table)) written.add(table);
  }
  return { named: [...named], written: [...written] };
}
