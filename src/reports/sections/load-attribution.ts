import { type AttributionReport, computeAttribution } from "../../attribution/index.js";
import { loadStorePaths } from "../../attribution/store-paths.js";
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
  const aggregated = (await loadStorePaths(store, workspace, period, ATTRIBUTION_JOURNEYS)).revenue;
  // Every sale closes a journey, credited or unattributed: none of either means no sale.
  if (aggregated.totalConversions + aggregated.unattributedConversions === 0) return null;
  // Models credit channels by index, so display names can go in first and the comparison sentences
  // then name networks as the tables do ("Facebook", not "facebook").
  const named = { ...aggregated, channels: aggregated.channels.map((c) => ctx.networkName(c)) };
  return computeAttribution(named, { lang: ctx.lang });
}
