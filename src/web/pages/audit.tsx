import type { AuditEntry, AuditLog } from "../../api/audit.js";
import { withQuery } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { DownloadButton } from "../components/download-button.js";
import { ErrorNotice, Loading } from "../components/fields.js";
import { type Locality, useLocality } from "../i18n/index.js";
import { useApi } from "../use-api.js";
import { PeriodLine, usePeriodQuery } from "./figures.js";

function actorName({ t }: Locality, entry: AuditEntry): string {
  if (entry.actor_kind === "cli") return t("audit_actor_cli");
  if (entry.actor_kind === "local") return t("audit_actor_local");
  return entry.actor;
}

/** A value before or after, as the JSON it was recorded as: every field, nothing interpreted. */
function Value({ value }: { value: unknown }) {
  if (value === null) return null;
  return <code class="audit-value">{JSON.stringify(value)}</code>;
}

/** The workspace's audit log over the filtered period (the last 30 days without one), newest first. */
export function AuditPage() {
  const locality = useLocality();
  const { t, format } = locality;
  const query = usePeriodQuery();
  const log = useApi<AuditLog>("/api/audit", query);
  if (log.error) return <ErrorNotice error={log.error} />;
  if (!log.data) return <Loading />;
  return (
    <>
      <p>{t("audit_help")}</p>
      <PeriodLine report={log.data} />
      <DownloadButton
        path={withQuery("/api/audit.csv", query)}
        fileName="socialroi-audit.csv"
        label={t("download", { format: "CSV" })}
      />
      {log.data.entries.length === 0 ? (
        <p class="muted">{t("audit_none")}</p>
      ) : (
        <DataTable<AuditEntry>
          caption={t("nav_audit")}
          rows={log.data.entries}
          rowKey={(entry) => entry.audit_id}
          columns={[
            {
              key: "occurred_at",
              label: t("audit_when"),
              sortValue: (entry) => entry.occurred_at,
              render: (entry) => format.dateTime(entry.occurred_at),
            },
            {
              key: "actor",
              label: t("audit_who"),
              sortValue: (entry) => entry.actor,
              render: (entry) => actorName(locality, entry),
            },
            {
              key: "object_type",
              label: t("audit_what"),
              sortValue: (entry) => entry.object_type,
              render: (entry) => t(`audit_object_${entry.object_type}`),
            },
            {
              key: "action",
              label: t("audit_action"),
              render: (entry) => t(`audit_action_${entry.action}`),
            },
            {
              key: "old_value",
              label: t("audit_before"),
              render: (entry) => <Value value={entry.old_value} />,
            },
            {
              key: "new_value",
              label: t("audit_after"),
              render: (entry) => <Value value={entry.new_value} />,
            },
          ]}
        />
      )}
    </>
  );
}
