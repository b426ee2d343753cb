import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Workspace } from "../../src/domain/workspace.js";
import { importFile } from "../../src/ingest/import-file.js";
import type { MmmSeries } from "../../src/mmm/series.js";
import type { FileReadingStore } from "../../src/store/store.js";
import { CONVERSION_HEADER, COST_HEADER } from "../helpers.js";

/**
 * A workspace holding a simulated series as a user's imports would: each channel's spend as the
 * daily ad cost of a network, and the KPI as one sale a day.
 */
export async function importSeries(
  store: FileReadingStore,
  workspace: Workspace,
  dir: string,
  series: MmmSeries,
  networks: readonly string[],
): Promise<void> {
  const load = async (name: string, lines: string[]) => {
    const path = join(dir, `${workspace.id}-${name}`);
    writeFileSync(path, lines.join("\n"));
    await importFile(store, workspace, { path });
  };
  await load("costs.csv", [
    COST_HEADER,
    ...series.dates.flatMap((date, d) =>
      networks.map((network, c) => `${date},,ads,${series.channels[c]!.spend[d]},EUR,${network},,,`),
    ),
  ]);
  await load("conversions.csv", [
    CONVERSION_HEADER,
    ...series.dates.map((date, d) => `s${d},${date}T12:00:00Z,sale,${series.kpi[d]!.toFixed(2)},EUR,,,,`),
  ]);
}
