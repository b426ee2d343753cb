import { isDeepStrictEqual } from "node:util";
import { ApiFailure } from "../../api/errors.js";
import { MIME_TYPES, reportQuerySchema } from "../../api/reports.js";
import { DEFAULT_BRANDING, readBranding } from "../../reports/branding.js";
import { generateReport } from "../../reports/generate.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { resolvePeriod } from "./analytics.js";

/**
 * A report carries text from imported files. Whatever it holds, no browser takes it for another
 * type, and the HTML one (styles, logo and charts inline) may run and load nothing.
 */
const REPORT_HEADERS = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
};

export const reportRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/report", ACCESS.report, async (request, reply) => {
    const { workspace } = request;
    const query = parseQuery(reportQuerySchema, request.query);
    const period = await resolvePeriod(store, workspace, query);
    if (period.from > period.to) throw new ApiFailure("bad_request", "from is after to");
    const report = await generateReport(store, workspace, {
      period,
      format: query.format,
      ...(query.lang ? { lang: query.lang } : {}),
    });
    const disposition = query.format === "html" ? "inline" : "attachment";
    return reply
      .headers(REPORT_HEADERS)
      .type(MIME_TYPES[query.format])
      .header("content-disposition", `${disposition}; filename="${report.fileName}"`)
      .send(report.bytes);
  });

  app.get("/api/branding", ACCESS.report, async ({ workspace }) => {
    const branding = await readBranding(store, workspace.id);
    return {
      branded: !isDeepStrictEqual(branding, DEFAULT_BRANDING),
      company: branding.company,
      primary_color: branding.primaryColor,
      accent_color: branding.accentColor,
      logo: branding.logo && `data:${branding.logo.mime};base64,${branding.logo.base64}`,
    };
  });
};
