import { type AttributionReport, aggregateJourneys, computeAttribution } from "../../attribution/index.js";
import { loadStoreJourneys } from "../../attribution/store-journeys.js";
import type { Workspace } from "../../domain/workspace.js";
import type { Period } from "../../period/data-period.js";
import type { Store } from "../../store/store.js";
import { ATTRIBUTION_JOURNEYS, type SectionContext } from "./context.js";

/** Null when no sale of the period has a journey: the section then says so instead of showing empty tables. */
export async function loadAttribution(
  ctx: SectionContext,
  store: Store,
  workspace: Workspace,
  period: Period,
): Promise<AttributionReport | null> {
  const { journeys } = await loadStoreJourneys(store, workspace, period, ATTRIBUTION_JOURNEYS);
  if (journeys.length === 0) return null;
  const aggregated = aggregateJourneys(journeys);
  // Models credit channels by index, so display names can go in first and the comparison sentences
  // then name networks as the tables do ("Facebook", not "facebook").
  const named = { ...aggregated, channels: aggregated.channels.map((c) => ctx.networkName(c)) };
  return computeAttribution(named, { lang: ctx.lang });
}
