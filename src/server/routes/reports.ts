import { z } from "zod";
import { LOCALES } from "../../domain/workspace.js";
import { generateReport } from "../../reports/generate.js";
import { MIME_TYPES, REPORT_FORMATS } from "../../reports/render/index.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";
import { periodQuerySchema, resolvePeriod } from "./analytics.js";

const reportQuerySchema = periodQuerySchema.extend({
  format: z.enum(REPORT_FORMATS).default("pdf"),
  lang: z.enum(LOCALES).optional(),
});

export const reportRoutes: RoutePlugin = async (app, context) => {
  app.get("/api/report", async (request, reply) => {
    const query = parseQuery(reportQuerySchema, request.query, reply);
    if (!query) return reply;
    const period = await resolvePeriod(context, query);
    if (period.from > period.to) return reply.status(400).send({ error: "from is after to" });
    const report = await generateReport(context.store, context.workspace, {
      period,
      format: query.format,
      ...(query.lang ? { lang: query.lang } : {}),
    });
    const disposition = query.format === "html" ? "inline" : "attachment";
    return reply
      .type(MIME_TYPES[query.format])
      .header("content-disposition", `${disposition}; filename="${report.fileName}"`)
      .send(report.bytes);
  });
};
