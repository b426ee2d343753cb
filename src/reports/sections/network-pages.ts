import type { FigureKind } from "../../i18n/reports/index.js";
import type { Funnel } from "../../roi/compute-funnel.js";
import type { RoiReport } from "../../roi/compute-roi.js";
import { NO_KEY, UNALLOCATED_KEY } from "../../roi/roi-query.js";
import type { NetworkPage } from "../model.js";
import type { SectionContext } from "./context.js";

export function networkPages(ctx: SectionContext, roi: RoiReport, funnel: Funnel): NetworkPage[] {
  return roi.rows
    .filter((r) => r.key !== NO_KEY && r.key !== UNALLOCATED_KEY)
    .map((r) => {
      const steps = funnel.rows.find((f) => f.network === r.key);
      const figure = (id: string, value: number | null, kind: FigureKind) => ({
        label: ctx.metricName(id),
        formula: ctx.formula(id),
        cell: { value, kind },
      });
      return {
        network: ctx.networkName(r.key),
        figures: [
          figure("cost", r.cost, "money"),
          figure("revenue", r.revenue, "money"),
          figure("value", r.value, "money"),
          figure("revenue_roi", r.revenue_roi, "percent"),
          figure("total_roi", r.total_roi, "percent"),
          figure("reach", steps?.reach ?? r.reach, "count"),
          figure("traffic", steps?.traffic ?? null, "count"),
          figure("leads", r.leads, "count"),
          figure("customers", r.customers, "count"),
          figure("cpa", r.cpa, "money"),
        ],
      };
    });
}
