import { loadRows, type TableImport } from "../store/bulk-load.js";

/** Currency rates from a file, merged by day and currency; figures read them through currency-rates.ts. */
export const importCurrencyRates: TableImport = { load: loadRows };
