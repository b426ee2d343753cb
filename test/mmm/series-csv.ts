import type { MmmSeries } from "../../src/mmm/series.js";

/** A series as the CSV `socialroi mmm --series` reads; numbers written in full, so reading it back gives the same series. */
export function seriesCsv(series: MmmSeries): string {
  const header = [
    "date",
    "kpi",
    ...series.channels.map((c) => `spend_${c.name}`),
    ...series.controls.map((c) => `control_${c.name}`),
  ];
  const rows = series.dates.map((date, t) =>
    [
      date,
      series.kpi[t],
      ...series.channels.map((c) => c.spend[t]),
      ...series.controls.map((c) => c.values[t]),
    ].join(","),
  );
  return `${[header.join(","), ...rows].join("\n")}\n`;
}
