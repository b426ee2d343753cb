import { useEffect, useState } from "preact/hooks";
import type { Locale } from "../../api/workspace.js";
import { LANGUAGE_NAMES } from "../../i18n/dashboard/index.js";
import { apiObjectUrl, withQuery } from "../api.js";
import { DownloadButton } from "../components/download-button.js";
import { SelectField } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { usePeriodQuery } from "./figures.js";

const FORMATS = ["pdf", "pptx", "xlsx", "csv"] as const;

/**
 * A report file as an object URL: links and frames cannot send the API token, so the file is
 * fetched with it and handed to them.
 */
function useReportUrl(path: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let current: string | undefined;
    let cancelled = false;
    apiObjectUrl(path).then(
      (made) => {
        if (cancelled) URL.revokeObjectURL(made);
        else {
          current = made;
          setUrl(made);
        }
      },
      () => setUrl(undefined),
    );
    return () => {
      cancelled = true;
      if (current) URL.revokeObjectURL(current);
    };
  }, [path]);
  return url;
}

/** The report of the filtered period: an inert preview (sandboxed frame) and the exports. */
export function ReportsPage() {
  const { t, lang } = useLocality();
  const period = usePeriodQuery();
  const [reportLang, setReportLang] = useState<Locale>(lang);
  const query = { ...period, lang: reportLang };
  const previewUrl = useReportUrl(withQuery("/api/report", { ...query, format: "html" }));
  return (
    <>
      <div class="toolbar">
        <SelectField
          label={t("report_language")}
          name="lang"
          value={reportLang}
          options={Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label }))}
          onChange={(value) => setReportLang(value as Locale)}
        />
        <fieldset class="actions">
          <legend class="visually-hidden">{t("export")}</legend>
          {FORMATS.map((format) => (
            <DownloadButton
              key={format}
              path={withQuery("/api/report", { ...query, format })}
              fileName={`socialroi-report.${format}`}
              label={t("download", { format: format.toUpperCase() })}
            />
          ))}
        </fieldset>
      </div>
      <iframe class="report-preview" title={t("report_preview")} sandbox="" src={previewUrl} />
    </>
  );
}
