import { loadRows, type TableImport } from "../store/bulk-load.js";

/** Cost lines from a file, merged by their natural key; one by hand goes through create-cost-entry.ts. */
export const importCostEntries: TableImport = { load: loadRows };
