import type { RoiReport } from "../api/analytics.js";
import { CheckboxField, SelectField, TextField } from "./components/fields.js";
import { useLocality } from "./i18n/index.js";
import { FILTER_KEYS, type Filters, filtersOf, hrefFor, navigate, useRoute } from "./route.js";
import { useApi } from "./use-api.js";

export function useFilters(): Filters {
  return filtersOf(useRoute().params);
}

/** Replaces (not pushes) the history entry, so typing a date does not leave a trail of back-button stops. */
export function setFilter(changes: Filters): void {
  navigate(hrefFor(location.pathname, changes), { replace: true });
}

/** Row keys that are not a network or campaign one can filter on. */
const NOT_A_DIMENSION = new Set(["(none)", "(unallocated)"]);

function keysOf(report: RoiReport | undefined): string[] {
  return (report?.rows ?? []).map((r) => r.key).filter((key) => !NOT_A_DIMENSION.has(key));
}

/** The period's first and last day, kept in the URL. */
export function PeriodFields() {
  const { t } = useLocality();
  const filters = useFilters();
  return (
    <>
      <TextField
        label={t("from")}
        name="from"
        type="date"
        value={filters.from ?? ""}
        onInput={(from) => setFilter({ from })}
      />
      <TextField
        label={t("to")}
        name="to"
        type="date"
        value={filters.to ?? ""}
        onInput={(to) => setFilter({ to })}
      />
    </>
  );
}

/** Period (with comparison), network and campaign, all kept in the URL. */
export function FilterBar() {
  const { t } = useLocality();
  const filters = useFilters();
  const networks = useApi<RoiReport>("/api/roi", { by: "network" });
  const campaigns = useApi<RoiReport>("/api/roi", { by: "campaign" });
  const choices = (all: string, keys: string[]) => [
    { value: "", label: all },
    ...keys.map((k) => ({ value: k, label: k })),
  ];
  return (
    <section class="filters" aria-label={t("filters")}>
      <PeriodFields />
      <SelectField
        label={t("network")}
        name="network"
        value={filters.network ?? ""}
        options={choices(t("all_networks"), keysOf(networks.data))}
        onChange={(network) => setFilter({ network })}
      />
      <SelectField
        label={t("campaign")}
        name="campaign"
        value={filters.campaign ?? ""}
        options={choices(t("all_campaigns"), keysOf(campaigns.data))}
        onChange={(campaign) => setFilter({ campaign })}
      />
      <CheckboxField
        label={t("compare")}
        name="compare"
        checked={filters.compare === "1"}
        onChange={(on) => setFilter({ compare: on ? "1" : undefined })}
      />
      <button
        type="button"
        class="secondary"
        onClick={() => setFilter(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])))}
      >
        {t("reset_filters")}
      </button>
    </section>
  );
}
