import { useId, useState } from "preact/hooks";
import { useLocality } from "../i18n/index.js";

/** A "?" beside a figure that opens its formula, definition and source from /api/metrics. */
export function MetricHint({ metric }: { metric: string }) {
  const { lang, t, metrics } = useLocality();
  const [open, setOpen] = useState(false);
  const id = useId();
  const definition = metrics.get(metric);
  if (!definition) return null;
  const name = definition.name[lang];
  return (
    <span class="hint">
      <button
        type="button"
        class="hint-button"
        aria-label={t("how_computed", { name })}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => event.key === "Escape" && setOpen(false)}
        onBlur={() => setOpen(false)}
      >
        ?
      </button>
      {open && (
        <span id={id} role="note" class="hint-text">
          <strong>{name}</strong>
          <span>
            {t("formula")}: <code>{definition.formula[lang]}</code>
          </span>
          <span>{definition.definition[lang]}</span>
          <span class="muted">
            {t("source")}: {definition.source}
          </span>
        </span>
      )}
    </span>
  );
}
