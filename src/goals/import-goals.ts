import { loadRows, type TableImport } from "../store/bulk-load.js";

/** Goals from a file, merged by goal, indicator, period and network; one by hand goes through create-goal.ts. */
export const importGoals: TableImport = { load: loadRows };
