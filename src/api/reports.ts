import { z } from "zod";
import { periodQuerySchema } from "./common.js";
import { LOCALES } from "./workspace.js";

export const REPORT_FORMATS = ["pdf", "pptx", "xlsx", "csv", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MIME_TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
};

export const reportQuerySchema = periodQuerySchema.extend({
  format: z.enum(REPORT_FORMATS).default("pdf"),
  lang: z.enum(LOCALES).optional().describe("The report's language; the workspace's when absent"),
});
