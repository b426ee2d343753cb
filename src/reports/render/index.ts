import type { ReportFormat } from "../../api/reports.js";
import type { ReportModel } from "../model.js";

export { MIME_TYPES, REPORT_FORMATS, type ReportFormat } from "../../api/reports.js";

type Renderer = (model: ReportModel) => Buffer | Promise<Buffer>;

// Loaded when a report is rendered: pdfkit, pptxgenjs, exceljs and echarts take a second and
// 70 MB to load, which every command (and `serve`) would otherwise pay at start.
const RENDERERS: Record<ReportFormat, () => Promise<Renderer>> = {
  pdf: async () => (await import("./pdf.js")).renderPdf,
  pptx: async () => (await import("./pptx.js")).renderPptx,
  xlsx: async () => (await import("./xlsx.js")).renderXlsx,
  csv: async () => (await import("./csv.js")).renderCsv,
  html: async () => (await import("./html.js")).renderHtml,
};

export async function renderReport(model: ReportModel, format: ReportFormat): Promise<Buffer> {
  const render = await RENDERERS[format]();
  return render(model);
}

/** socialroi-report-2026-03-01_2026-03-31.pdf */
export function reportFileName(model: ReportModel, format: ReportFormat): string {
  return `socialroi-report-${model.period.from}_${model.period.to}.${format}`;
}
