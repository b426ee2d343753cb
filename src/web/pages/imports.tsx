import { useState } from "preact/hooks";
import type { InputProblem } from "../../api/errors.js";
import type { HeldConversions, ImportReport } from "../../api/imports.js";
import { type ApiError, uploadFile, withQuery } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { ErrorNotice } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";
import { HELD_PATH, HeldConversionsList } from "./held-conversions.js";

interface ImportRun {
  import_id: string;
  file: string;
  format: string;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  imported_at: string;
}

function Problems({ error }: { error: ApiError }) {
  const { t } = useLocality();
  return (
    <div class="notice error" role="alert">
      <strong>{t("problems_title")}</strong>
      <DataTable<InputProblem & { n: number }>
        caption={error.message}
        rows={error.problems.map((p, n) => ({ ...p, n }))}
        rowKey={(p) => String(p.n)}
        columns={[
          { key: "row", label: t("row"), numeric: true, render: (p) => p.row ?? "" },
          { key: "column", label: t("column"), render: (p) => p.column ?? "" },
          { key: "value", label: t("found"), render: (p) => <code>{p.value ?? ""}</code> },
          { key: "expected", label: t("expected"), render: (p) => p.expected },
        ]}
      />
      {error.totalProblems > error.problems.length && (
        <p>{t("more_problems", { n: error.totalProblems - error.problems.length })}</p>
      )}
    </div>
  );
}

export function ImportsPage() {
  const { t, format } = useLocality();
  /** One import's counts, shown alike in the report of a new file and in the list of past imports. */
  const countColumn = <K extends "inserted" | "updated" | "unchanged" | "repeated">(key: K) => ({
    key,
    label: t(key),
    numeric: true,
    render: (row: Record<K, number>) => format.figure(row[key], "count"),
  });
  const runs = useApi<{ imports: ImportRun[] }>("/api/imports");
  // Imported rates let sales waiting for one count: the list is read again after each import.
  const held = useApi<HeldConversions>(HELD_PATH);
  const [progress, setProgress] = useState<number>();
  const [dragging, setDragging] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const canWrite = useCan("write");
  const upload = useSubmit(
    (file: File) => {
      setReport(undefined);
      setProgress(0);
      return uploadFile<ImportReport>(withQuery("/api/imports", { filename: file.name }), file, setProgress);
    },
    (done) => {
      setReport(done);
      runs.reload();
      held.reload();
    },
  );
  const start = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) upload.submit(file).finally(() => setProgress(undefined));
  };
  return (
    <>
      <p>{t("imports_help")}</p>
      {canWrite && (
        <section
          class={dragging ? "dropzone dragging" : "dropzone"}
          aria-label={t("drop_here")}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            start(event.dataTransfer?.files);
          }}
        >
          <p>{t("drop_here")}</p>
          <label class="button">
            {t("choose_file")}
            <input
              type="file"
              class="visually-hidden"
              accept=".csv,.tsv,.txt,.xlsx,.xls,.json"
              onChange={(event) => {
                start(event.currentTarget.files);
                event.currentTarget.value = "";
              }}
            />
          </label>
        </section>
      )}
      {progress !== undefined && (
        <div class="upload">
          <label>
            {upload.busy && progress >= 1 ? t("importing") : t("upload_progress")}
            <progress max={1} value={progress} />
          </label>
        </div>
      )}
      {upload.error &&
        (upload.error.problems.length > 0 ? (
          <Problems error={upload.error} />
        ) : (
          <ErrorNotice error={upload.error} />
        ))}
      {report && (
        <div class="notice success" role="status">
          <p>
            {t("imported_ok", {
              file: report.file,
              format: report.format,
              rows: format.figure(report.rowsRead, "count"),
            })}
          </p>
          <DataTable
            caption={report.file}
            rows={report.tables}
            rowKey={(r) => r.label}
            columns={[
              { key: "table", label: t("table"), render: (r) => r.label },
              countColumn("inserted"),
              countColumn("updated"),
              countColumn("unchanged"),
              countColumn("repeated"),
            ]}
          />
          {report.skipped.length > 0 && (
            <ul>
              {report.skipped.map((s) => (
                <li key={s.reason}>
                  {t("skipped_rows", { n: format.figure(s.rows, "count"), reason: s.reason })}
                </li>
              ))}
            </ul>
          )}
          {report.warnings.length > 0 && (
            <ul>
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {runs.data && (
        <DataTable<ImportRun>
          caption={t("recent_imports")}
          rows={runs.data.imports}
          rowKey={(r) => r.import_id}
          columns={[
            {
              key: "imported_at",
              label: t("imported_at"),
              sortValue: (r) => r.imported_at,
              render: (r) => format.dateTime(r.imported_at),
            },
            { key: "file", label: t("file"), sortValue: (r) => r.file, render: (r) => r.file },
            { key: "format", label: t("file_format"), sortValue: (r) => r.format, render: (r) => r.format },
            countColumn("inserted"),
            countColumn("updated"),
            countColumn("unchanged"),
          ]}
        />
      )}
      {held.data && <HeldConversionsList held={held.data} />}
    </>
  );
}
