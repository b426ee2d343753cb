import { useState } from "preact/hooks";
import type { CategoryCost } from "../../api/costs.js";
import { ALLOCATION_RULES, type AllocationRule, type Workspace } from "../../api/workspace.js";
import type { MessageKey } from "../../i18n/dashboard/index.js";
import { api } from "../api.js";
import { Chart } from "../components/chart.js";
import { type Column, DataTable } from "../components/data-table.js";
import { EditorForm, ErrorNotice, Loading, SelectField, TextField, useForm } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useAppState, useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";
import { PeriodLine, usePeriodQuery } from "./figures.js";

const CATEGORIES = ["ads", "tools", "content", "team", "agency", "other"] as const;

interface Cost {
  cost_id: string;
  date: string;
  end_date: string | null;
  category: string;
  amount: number;
  currency: string;
  network: string | null;
  campaign: string | null;
  description: string | null;
  recurrence: string | null;
  import_id: string | null;
}

type CostForm = Record<
  | "date"
  | "end_date"
  | "category"
  | "amount"
  | "currency"
  | "network"
  | "campaign"
  | "description"
  | "recurrence",
  string
>;

function formOf(cost: Cost | undefined, currency: string): CostForm {
  return {
    date: cost?.date ?? new Date().toISOString().slice(0, 10),
    end_date: cost?.end_date ?? "",
    category: cost?.category ?? "tools",
    amount: cost ? String(cost.amount) : "",
    currency: cost?.currency ?? currency,
    network: cost?.network ?? "",
    campaign: cost?.campaign ?? "",
    description: cost?.description ?? "",
    recurrence: cost?.recurrence ?? "",
  };
}

function CostEditor({ cost, onDone }: { cost?: Cost | undefined; onDone: () => void }) {
  const { t, currency } = useLocality();
  const { form, setForm, field } = useForm(() => formOf(cost, currency));
  const { submit, error, busy } = useSubmit(
    () =>
      api(cost ? `/api/costs/${cost.cost_id}` : "/api/costs", {
        method: cost ? "PUT" : "POST",
        body: { ...form, amount: form.amount === "" ? undefined : Number(form.amount) },
      }),
    () => {
      if (!cost) setForm(formOf(undefined, currency));
      onDone();
    },
  );
  return (
    <EditorForm title={t(cost ? "edit_cost" : "add_cost")} onSubmit={submit}>
      <div class="form-grid">
        <TextField label={t("date")} type="date" required error={error} {...field("date")} />
        <TextField label={t("end_date")} type="date" error={error} {...field("end_date")} />
        <SelectField
          label={t("category")}
          name="category"
          value={form.category}
          error={error}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`cat_${c}` as MessageKey) }))}
          onChange={(category) => setForm({ ...form, category })}
        />
        <TextField
          label={t("amount")}
          type="number"
          step="0.01"
          required
          error={error}
          {...field("amount")}
        />
        <TextField label={t("currency")} required error={error} {...field("currency")} />
        <TextField label={t("network")} placeholder={t("shared")} error={error} {...field("network")} />
        <TextField label={t("campaign")} placeholder={t("shared")} error={error} {...field("campaign")} />
        <TextField label={t("description")} error={error} {...field("description")} />
        <SelectField
          label={t("recurrence")}
          name="recurrence"
          value={form.recurrence}
          error={error}
          options={[
            { value: "", label: t("one_off") },
            { value: "monthly", label: t("monthly") },
          ]}
          onChange={(recurrence) => setForm({ ...form, recurrence })}
        />
      </div>
      <ErrorNotice error={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("save")}
        </button>
        {cost && (
          <button type="button" class="secondary" onClick={onDone}>
            {t("cancel")}
          </button>
        )}
      </div>
    </EditorForm>
  );
}

function AllocationRuleField() {
  const { t } = useLocality();
  const { workspace, setWorkspace } = useAppState();
  const { submit, error } = useSubmit(
    (allocation_rule: AllocationRule) =>
      api<Workspace>("/api/workspace", { method: "PATCH", body: { allocation_rule } }),
    setWorkspace,
  );
  return (
    <>
      <SelectField
        label={t("allocation_rule")}
        name="allocation_rule"
        value={workspace.allocation_rule}
        error={error}
        options={ALLOCATION_RULES.map((rule) => ({ value: rule, label: t(`alloc_${rule}` as MessageKey) }))}
        onChange={(rule) => submit(rule as AllocationRule)}
      />
      <ErrorNotice error={error} />
    </>
  );
}

export function CostsPage() {
  const locality = useLocality();
  const { t, format } = locality;
  const period = usePeriodQuery();
  const breakdown = useApi<{ from: string; to: string; categories: CategoryCost[] }>(
    "/api/costs/by-category",
    period,
  );
  const costs = useApi<{ costs: Cost[] }>("/api/costs");
  const [editing, setEditing] = useState<Cost>();
  const refresh = () => {
    setEditing(undefined);
    costs.reload();
    breakdown.reload();
  };
  const remove = useSubmit((id: string) => api(`/api/costs/${id}`, { method: "DELETE" }), refresh);
  const category = (c: string) => t(`cat_${c}` as MessageKey);
  const canWrite = useCan("write");
  const canManage = useCan("manage");
  const actionsColumn: Column<Cost> = {
    key: "actions",
    label: "",
    render: (c) => (
      <span class="row-actions">
        <button
          type="button"
          class="secondary"
          aria-label={`${t("edit")} ${c.description ?? c.date}`}
          onClick={() => setEditing(c)}
        >
          {t("edit")}
        </button>
        <button
          type="button"
          class="danger"
          aria-label={`${t("delete")} ${c.description ?? c.date}`}
          onClick={() => confirm(t("confirm_delete")) && remove.submit(c.cost_id)}
        >
          {t("delete")}
        </button>
      </span>
    ),
  };
  return (
    <>
      <PeriodLine report={breakdown.data} />
      <div class="grid-2">
        <section>
          <h2>{t("costs_by_category")}</h2>
          {breakdown.data && (
            <Chart
              label={breakdown.data.categories
                .map((c) => `${category(c.category)}: ${format.figure(c.amount, "money")}`)
                .join(", ")}
              option={{
                tooltip: { trigger: "item", valueFormatter: (v) => format.figure(Number(v), "money") },
                legend: { bottom: 0 },
                series: [
                  {
                    type: "pie",
                    radius: ["40%", "70%"],
                    data: breakdown.data.categories.map((c) => ({
                      name: category(c.category),
                      value: c.amount,
                    })),
                  },
                ],
              }}
            />
          )}
          {canManage && <AllocationRuleField />}
        </section>
        {canWrite &&
          (editing ? (
            <CostEditor key={editing.cost_id} cost={editing} onDone={refresh} />
          ) : (
            <CostEditor onDone={refresh} />
          ))}
      </div>
      <ErrorNotice error={costs.error ?? remove.error} />
      {!costs.data ? (
        <Loading />
      ) : (
        <DataTable<Cost>
          caption={t("cost_entries")}
          rows={costs.data.costs}
          rowKey={(c) => c.cost_id}
          columns={[
            { key: "date", label: t("date"), sortValue: (c) => c.date, render: (c) => format.date(c.date) },
            {
              key: "end_date",
              label: t("end_date"),
              sortValue: (c) => c.end_date,
              render: (c) => format.date(c.end_date),
            },
            {
              key: "category",
              label: t("category"),
              sortValue: (c) => c.category,
              render: (c) => category(c.category),
            },
            {
              key: "amount",
              label: t("amount"),
              numeric: true,
              sortValue: (c) => c.amount,
              render: (c) => format.amount(c.amount, c.currency),
            },
            {
              key: "network",
              label: t("network"),
              sortValue: (c) => c.network,
              render: (c) => c.network ?? t("shared"),
            },
            {
              key: "campaign",
              label: t("campaign"),
              sortValue: (c) => c.campaign,
              render: (c) => c.campaign ?? "",
            },
            { key: "description", label: t("description"), render: (c) => c.description ?? "" },
            { key: "recurrence", label: t("recurrence"), render: (c) => (c.recurrence ? t("monthly") : "") },
            ...(canWrite ? [actionsColumn] : []),
          ]}
        />
      )}
    </>
  );
}
