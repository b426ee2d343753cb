import "./zrender-lru.js";
import * as echarts from "echarts";
import type { BarChart, ReportModel } from "../model.js";

/** A bar chart as an SVG string, rendered by ECharts on the server (no browser). */
export function chartSvg(chart: BarChart, model: ReportModel, width = 720): string {
  const height = Math.max(180, 60 + chart.categories.length * (18 + 10 * chart.series.length));
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  const label = (value: number) => model.format.format(value, chart.kind);
  instance.setOption({
    animation: false,
    color: [model.branding.primaryColor, model.branding.accentColor, "#7a8a99", "#4caf7d", "#b5495b"],
    legend: { top: 0, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 90, top: 30, bottom: 8, containLabel: true },
    xAxis: { type: "value", axisLabel: { formatter: label, fontSize: 10 } },
    yAxis: { type: "category", inverse: true, data: chart.categories, axisLabel: { fontSize: 11 } },
    series: chart.series.map((s) => ({
      type: "bar",
      name: s.name,
      data: s.values,
      label: {
        show: true,
        position: "right",
        fontSize: 10,
        formatter: (p: { value: number }) => label(p.value),
      },
    })),
  });
  const svg = instance.renderToSVGString();
  instance.dispose();
  return svg;
}
