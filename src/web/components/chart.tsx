import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "preact/hooks";

// Only the pieces drawn here are bundled.
use([
  BarChart,
  LineChart,
  PieChart,
  FunnelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | FunnelSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

export const PALETTE = ["#2f5bea", "#16a37b", "#f29f05", "#d94862", "#7d5ba6", "#3aa5c9", "#8a8f98"];

/** An ECharts chart; `label` says in words what it shows, for people who cannot see it. */
export function Chart({
  option,
  label,
  height = 300,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = init(element.current, null, { renderer: "svg" });
    chart.setOption({ color: PALETTE, aria: { enabled: true }, animation: false, ...option });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} class="chart" role="img" aria-label={label} style={{ height: `${height}px` }} />;
}
