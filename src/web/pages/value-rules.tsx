import { useState } from "preact/hooks";
import type { RuleValue, ValueRule } from "../../api/value-rules.js";
import { DICTIONARIES, type MessageKey } from "../../i18n/dashboard/index.js";
import { api } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { CheckboxField, EditorForm, ErrorNotice, Loading, TextField, useForm } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";
import { PeriodLine, usePeriodQuery } from "./figures.js";

const OUTCOMES = ["lead", "link_click", "engaged_user", "impressions_1000", "comment", "like", "share"];

function useOutcomeLabel() {
  const { t } = useLocality();
  return (outcome: string) => {
    const key = `outcome_${outcome}`;
    return key in DICTIONARIES.en ? t(key as MessageKey) : outcome;
  };
}

function RuleEditor({ onDone }: { onDone: () => void }) {
  const { t, currency } = useLocality();
  const outcomeLabel = useOutcomeLabel();
  const empty = {
    outcome: "lead",
    unit_value: "",
    probability: "",
    price: "",
    currency,
    network: "",
    valid_from: "",
  };
  const { form, setForm, field } = useForm(empty);
  const [retroactive, setRetroactive] = useState(false);
  const number = (v: string) => (v === "" ? null : Number(v));
  const { submit, error, busy } = useSubmit(
    () =>
      api("/api/value-rules", {
        method: "POST",
        body: {
          ...form,
          unit_value: number(form.unit_value),
          probability: number(form.probability),
          price: number(form.price),
          retroactive,
        },
      }),
    () => {
      setForm(empty);
      onDone();
    },
  );
  return (
    <EditorForm title={t("add_rule")} onSubmit={submit}>
      <p class="muted">{t("value_rules_help")}</p>
      <datalist id="outcomes">
        {OUTCOMES.map((o) => (
          <option key={o} value={o} label={outcomeLabel(o)} />
        ))}
      </datalist>
      <div class="form-grid">
        <TextField label={t("outcome")} list="outcomes" required error={error} {...field("outcome")} />
        <TextField label={t("unit_value")} type="number" step="any" error={error} {...field("unit_value")} />
        <TextField
          label={t("probability")}
          type="number"
          step="any"
          error={error}
          {...field("probability")}
        />
        <TextField label={t("price")} type="number" step="any" error={error} {...field("price")} />
        <TextField label={t("currency")} required error={error} {...field("currency")} />
        <TextField
          label={t("network")}
          placeholder={t("every_network")}
          error={error}
          {...field("network")}
        />
        <TextField label={t("valid_from")} type="date" error={error} {...field("valid_from")} />
      </div>
      <CheckboxField
        label={t("retroactive")}
        name="retroactive"
        checked={retroactive}
        onChange={setRetroactive}
      />
      <ErrorNotice error={error} />
      <button type="submit" disabled={busy}>
        {t("save")}
      </button>
    </EditorForm>
  );
}

export function ValueRulesPage() {
  const { t, format } = useLocality();
  const outcomeLabel = useOutcomeLabel();
  const period = usePeriodQuery();
  const canWrite = useCan("write");
  const rules = useApi<{ from: string; to: string; rules: ValueRule[]; values: RuleValue[] }>(
    "/api/value-rules",
    period,
  );
  if (rules.error) return <ErrorNotice error={rules.error} />;
  if (!rules.data) return <Loading />;
  const values = new Map(rules.data.values.map((v) => [v.rule_id, v]));
  return (
    <>
      <PeriodLine report={rules.data} />
      <DataTable<ValueRule>
        caption={t("value_rules_title")}
        rows={rules.data.rules}
        rowKey={(r) => r.rule_id}
        columns={[
          {
            key: "outcome",
            label: t("outcome"),
            sortValue: (r) => r.outcome,
            render: (r) => outcomeLabel(r.outcome),
          },
          {
            key: "unit_value",
            label: t("unit_value"),
            numeric: true,
            sortValue: (r) => r.unit_value,
            render: (r) =>
              r.unit_value !== null
                ? format.amount(r.unit_value, r.currency)
                : `${format.figure(r.probability, "percent")} × ${format.amount(r.price ?? 0, r.currency)}`,
          },
          { key: "network", label: t("network"), render: (r) => r.network ?? t("every_network") },
          {
            key: "valid_from",
            label: t("valid_from"),
            sortValue: (r) => r.valid_from,
            render: (r) => format.date(r.valid_from) || t("since_always"),
          },
          {
            key: "valid_to",
            label: t("valid_to"),
            sortValue: (r) => r.valid_to,
            render: (r) => format.date(r.valid_to) || t("until_changed"),
          },
          {
            key: "status",
            label: t("status"),
            render: (r) => (r.superseded_at ? t("superseded") : t("current")),
          },
          {
            key: "quantity",
            label: t("quantity"),
            numeric: true,
            render: (r) => format.figure(values.get(r.rule_id)?.quantity, "decimal"),
          },
          {
            key: "value",
            label: t("value_in_period"),
            numeric: true,
            metric: "assigned_value",
            sortValue: (r) => values.get(r.rule_id)?.value ?? null,
            render: (r) => format.figure(values.get(r.rule_id)?.value, "money"),
          },
        ]}
      />
      {canWrite && <RuleEditor onDone={rules.reload} />}
    </>
  );
}
