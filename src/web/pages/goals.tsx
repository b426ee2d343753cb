import type { GoalProgress } from "../../api/analytics.js";
import type { GoalDefinition } from "../../api/goals.js";
import { api } from "../api.js";
import { EditorForm, ErrorNotice, Loading, SelectField, TextField, useForm } from "../components/fields.js";
import { useLocality } from "../i18n/index.js";
import { useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";
import { metricName } from "./figures.js";
import { GoalProgressItem } from "./goal-progress.js";

const CUSTOM = "";

function GoalEditor({
  catalogue,
  onDone,
}: {
  catalogue: { goals: GoalDefinition[]; indicators: { id: string }[] };
  onDone: () => void;
}) {
  const locality = useLocality();
  const { t, lang } = locality;
  const year = new Date().getFullYear();
  const empty = {
    goal: catalogue.goals[0]?.id ?? CUSTOM,
    name: "",
    indicator: "",
    target: "",
    period_start: `${year}-01-01`,
    period_end: `${year}-12-31`,
    network: "",
  };
  const { form, setForm, field } = useForm(empty);
  const definition = catalogue.goals.find((g) => g.id === form.goal);
  const indicators = definition?.indicators ?? catalogue.indicators.map((i) => i.id);
  const indicator = indicators.includes(form.indicator) ? form.indicator : (indicators[0] ?? "");
  const { submit, error, busy } = useSubmit(
    () =>
      api("/api/goals", {
        method: "POST",
        body: {
          goal: form.goal === CUSTOM ? form.name : form.goal,
          indicator,
          target: form.target === "" ? undefined : Number(form.target),
          period_start: form.period_start,
          period_end: form.period_end,
          network: form.network,
        },
      }),
    () => {
      setForm(empty);
      onDone();
    },
  );
  return (
    <EditorForm title={t("add_goal")} onSubmit={submit}>
      <div class="form-grid">
        <SelectField
          label={t("goal")}
          name="goal"
          value={form.goal}
          error={error}
          options={[
            ...catalogue.goals.map((g) => ({ value: g.id, label: g.label[lang] })),
            { value: CUSTOM, label: t("custom_goal") },
          ]}
          onChange={(goal) => setForm({ ...form, goal })}
        />
        {form.goal === CUSTOM && (
          <TextField label={t("goal_name")} required error={error} {...field("name")} />
        )}
        <SelectField
          label={t("indicator")}
          name="indicator"
          value={indicator}
          error={error}
          options={indicators.map((id) => ({ value: id, label: metricName(locality, id) }))}
          onChange={(value) => setForm({ ...form, indicator: value })}
        />
        <TextField label={t("target")} type="number" step="any" required error={error} {...field("target")} />
        <TextField label={t("period_start")} type="date" required error={error} {...field("period_start")} />
        <TextField label={t("period_end")} type="date" required error={error} {...field("period_end")} />
        <TextField label={t("network")} placeholder={t("all_networks")} error={error} {...field("network")} />
      </div>
      <ErrorNotice error={error} />
      <button type="submit" disabled={busy}>
        {t("save")}
      </button>
    </EditorForm>
  );
}

export function GoalsPage() {
  const { t } = useLocality();
  const goals = useApi<{ goals: GoalProgress[] }>("/api/goals");
  const catalogue = useApi<{ goals: GoalDefinition[]; indicators: { id: string }[] }>("/api/goal-catalogue");
  const remove = useSubmit((id: string) => api(`/api/goals/${id}`, { method: "DELETE" }), goals.reload);
  const canWrite = useCan("write");
  if (goals.error) return <ErrorNotice error={goals.error} />;
  if (!goals.data) return <Loading />;
  return (
    <>
      {goals.data.goals.length === 0 && <p>{t("no_goals")}</p>}
      <ErrorNotice error={remove.error} />
      <ul class="goals">
        {goals.data.goals.map((g) => (
          <GoalProgressItem key={g.goal_id} goal={g}>
            {canWrite && (
              <button
                type="button"
                class="danger"
                aria-label={`${t("delete")}: ${g.goal_label}`}
                onClick={() => confirm(t("confirm_delete")) && remove.submit(g.goal_id)}
              >
                {t("delete")}
              </button>
            )}
          </GoalProgressItem>
        ))}
      </ul>
      {canWrite && catalogue.data && <GoalEditor catalogue={catalogue.data} onDone={goals.reload} />}
    </>
  );
}
