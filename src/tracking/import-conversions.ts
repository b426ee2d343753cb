import { loadRows, type TableImport } from "../store/bulk-load.js";
import { refreshConversionDays } from "../store/conversion-days.js";
import { rememberFirstClicks } from "./first-clicks.js";
import { stagedRefundsFollowSales, storedRefundsFollowSales } from "./refunds-follow-sales.js";

/**
 * Conversions from a file, written under the rules tracked ones follow: a refund takes its sale's
 * source, each customer's first click is remembered, and the counts by day are refreshed.
 *
 * A file added to a large workspace looks only at what it wrote where it can: a hundred rows into
 * ten million conversions took 1.5 s, 0.8 s of it counting every day and every customer again.
 * When it only added rows, only their days' counts change; a stored row it changed, or a stored
 * refund taking the source of a sale it brought, may have moved counts of any day, so all are
 * counted again. A workspace's first conversions are counted whole: they are all there is, and
 * narrowing to them would only cost a join.
 */
export const importConversions: TableImport = {
  async load(store, load) {
    if (load.from === "copy")
      await stagedRefundsFollowSales(store, load.request.typedTable, load.workspace.id);
    return loadRows(store, load);
  },
  async settle(store, { workspaceId, importId, updated, first }) {
    await rememberFirstClicks(store, workspaceId, first ? undefined : importId);
    const realigned = await storedRefundsFollowSales(store, workspaceId);
    const onlyAdded = !first && updated === 0 && !realigned;
    await refreshConversionDays(store, workspaceId, onlyAdded ? { importId } : undefined);
  },
};
