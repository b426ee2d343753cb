import type { Locale, Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { previousPeriod } from "../period/data-period.js";
import type { Store } from "../store/store.js";
import { readBranding } from "./branding.js";
import { buildReport, type ReportModel } from "./model.js";
import { type ReportFormat, renderReport, reportFileName } from "./render/index.js";
import { DEFAULT_TEMPLATE, type ReportTemplate } from "./templates.js";

export interface GenerateRequest {
  period: Period;
  format: ReportFormat;
  lang?: Locale;
  template?: ReportTemplate;
  now?: Date;
}

export interface GeneratedReport {
  model: ReportModel;
  bytes: Buffer;
  fileName: string;
}

/** The one path from the store to a report file, shared by the command line, the API and schedules. */
export async function generateReport(
  store: Store,
  workspace: Workspace,
  request: GenerateRequest,
): Promise<GeneratedReport> {
  const template = request.template ?? DEFAULT_TEMPLATE;
  const model = await buildReport(store, workspace, {
    period: request.period,
    comparison: template.compare ? previousPeriod(request.period) : null,
    lang: request.lang ?? template.lang ?? workspace.locale,
    sections: template.sections,
    branding: await readBranding(store, workspace.id),
    ...(request.now ? { now: request.now } : {}),
  });
  const bytes = await renderReport(model, request.format);
  return { model, bytes, fileName: reportFileName(model, request.format) };
}
