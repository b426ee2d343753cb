import { importCostEntries } from "../costs/import-cost-entries.js";
import type { CanonicalTable } from "../domain/canonical.js";
import { importGoals } from "../goals/import-goals.js";
import { importCurrencyRates } from "../period/import-currency-rates.js";
import { loadRows, type TableImport } from "../store/bulk-load.js";
import { importConversions } from "../tracking/import-conversions.js";
import { importValueRules } from "../value/import-value-rules.js";

/** The tables only files fill: ingest owns them. */
const IMPORTED: TableImport = { load: loadRows };

/** Each table a file can fill, and the import operation of the room that owns it. */
export const TABLE_OWNERS: Record<CanonicalTable, TableImport> = {
  posts: IMPORTED,
  account_days: IMPORTED,
  touchpoints: IMPORTED,
  traffic: IMPORTED,
  keyword_cpcs: IMPORTED,
  mentions: IMPORTED,
  costs: importCostEntries,
  value_rules: importValueRules,
  goals: importGoals,
  currency_rates: importCurrencyRates,
  conversions: importConversions,
};
