import { loadRows, type TableImport } from "../store/bulk-load.js";
import { refreshConversionDays } from "../store/conversion-days.js";
import { rememberFirstClicks } from "./first-clicks.js";
import { stagedRefundsFollowSales, storedRefundsFollowSales } from "./refunds-follow-sales.js";

/**
 * Conversions from a file, written under the rules tracked ones follow: a refund takes its sale's
 * source, each customer's first click is remembered, and the counts by day are refreshed.
 */
export const importConversions: TableImport = {
  async load(store, load) {
    if (load.from === "copy")
      await stagedRefundsFollowSales(store, load.request.typedTable, load.workspace.id);
    return loadRows(store, load);
  },
  async settle(store, workspaceId) {
    await rememberFirstClicks(store, workspaceId);
    await storedRefundsFollowSales(store, workspaceId);
    await refreshConversionDays(store, workspaceId);
  },
};
