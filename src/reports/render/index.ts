import type { ReportModel } from "../model.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderPdf } from "./pdf.js";
import { renderPptx } from "./pptx.js";
import { renderXlsx } from "./xlsx.js";

export const REPORT_FORMATS = ["pdf", "pptx", "xlsx", "csv", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MIME_TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
};

const RENDERERS: Record<ReportFormat, (model: ReportModel) => Buffer | Promise<Buffer>> = {
  pdf: renderPdf,
  pptx: renderPptx,
  xlsx: renderXlsx,
  csv: renderCsv,
  html: renderHtml,
};

export async function renderReport(model: ReportModel, format: ReportFormat): Promise<Buffer> {
  return RENDERERS[format](model);
}

/** socialroi-report-2026-03-01_2026-03-31.pdf */
export function reportFileName(model: ReportModel, format: ReportFormat): string {
  return `socialroi-report-${model.period.from}_${model.period.to}.${format}`;
}
