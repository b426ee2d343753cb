import { auditQuerySchema } from "../../api/audit.js";
import { ApiFailure } from "../../api/errors.js";
import { auditPeriod, listAuditEntries } from "../../audit/audit-entries.js";
import type { Workspace } from "../../domain/workspace.js";
import { renderAuditCsv } from "../../reports/render/audit-csv.js";
import type { Store } from "../../store/store.js";
import { ACCESS } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseQuery } from "../parse-input.js";

async function auditLog(store: Store, workspace: Workspace, query: unknown) {
  const period = auditPeriod(parseQuery(auditQuerySchema, query));
  if (!period) throw new ApiFailure("bad_request", "from is after to");
  return { ...period, entries: await listAuditEntries(store, workspace.id, period) };
}

/**
 * Who changed what in the workspace. Managers only: the log names every member and token and
 * shows settings' old values, which the roles below them are not shown elsewhere either.
 */
export const auditRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/audit", ACCESS.manage, async ({ query, workspace }) => auditLog(store, workspace, query));

  app.get("/api/audit.csv", ACCESS.manage, async ({ query, workspace }, reply) => {
    const log = await auditLog(store, workspace, query);
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="audit-${log.from}-${log.to}.csv"`)
      .header("x-content-type-options", "nosniff")
      .send(renderAuditCsv(log.entries));
  });
};
