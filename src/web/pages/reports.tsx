import { useState } from "preact/hooks";
import type { Locale } from "../../domain/workspace.js";
import { withQuery } from "../api.js";
import { SelectField } from "../components/fields.js";
import { LANGUAGE_NAMES, useLocality } from "../i18n/index.js";
import { usePeriodQuery } from "./figures.js";

const FORMATS = ["pdf", "pptx", "xlsx", "csv"] as const;

/** The report of the filtered period: an inert preview (sandboxed frame) and the exports. */
export function ReportsPage() {
  const { t, lang } = useLocality();
  const period = usePeriodQuery();
  const [reportLang, setReportLang] = useState<Locale>(lang);
  const query = { ...period, lang: reportLang };
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
            <a key={format} class="button" href={withQuery("/api/report", { ...query, format })} download>
              {t("download", { format: format.toUpperCase() })}
            </a>
          ))}
        </fieldset>
      </div>
      <iframe
        class="report-preview"
        title={t("report_preview")}
        sandbox=""
        src={withQuery("/api/report", { ...query, format: "html" })}
      />
    </>
  );
}
