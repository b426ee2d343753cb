/**
 * The oracle for store-paths.ts: journeys built in JavaScript (`loadStoreJourneys`, rows read one
 * by one into `buildJourneys`) and aggregated per credit pass, as roi/attribute-revenue.ts did before
 * the database grouped them.
 */
import { aggregateJourneys } from "../../src/attribution/aggregate.js";
import { loadStoreJourneys } from "../../src/attribution/store-journeys.js";
import type { StorePathOptions, StorePaths } from "../../src/attribution/store-paths.js";
import type { Journey } from "../../src/attribution/types.js";
import type { Workspace } from "../../src/domain/workspace.js";
import type { Period } from "../../src/period/data-period.js";
import type { Store } from "../../src/store/store.js";

export async function storePathsInJavaScript(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: StorePathOptions,
): Promise<StorePaths> {
  const { journeys, sales } = await loadStoreJourneys(store, workspace, period, options);
  const saleOf = (journey: Journey) =>
    journey.conversionId === undefined ? undefined : sales[Number(journey.conversionId)];
  const valuedBy = (amountOf: (journey: Journey) => number) =>
    aggregateJourneys(
      journeys.map((journey) => ({ ...journey, value: amountOf(journey) })),
      options.halfLifeDays,
    );
  return {
    revenue: valuedBy((journey) => journey.value),
    customers: valuedBy((journey) => saleOf(journey)?.customerShare ?? 0),
    new_customers: valuedBy((journey) => {
      const sale = saleOf(journey);
      return sale?.newCustomer ? sale.customerShare : 0;
    }),
  };
}
