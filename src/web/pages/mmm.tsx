import { useMemo, useState } from "preact/hooks";
import type { MmmReport, StoredLiftTest } from "../../api/mmm.js";
import { networkName } from "../../i18n/network-names.js";
import { api } from "../api.js";
import { Chart, type ChartOption } from "../components/chart.js";
import { type Column, DataTable } from "../components/data-table.js";
import { EditorForm, ErrorNotice, SelectField, TextField, useForm } from "../components/fields.js";
import { setFilter, useFilters } from "../filter-bar.js";
import type { FigureKind } from "../format.js";
import { type Locality, useLocality } from "../i18n/index.js";
import { useRoute } from "../route.js";
import { useCan } from "../state.js";
import { useApi, useSubmit } from "../use-api.js";
import { PeriodLine, usePeriodQuery } from "./figures.js";

type Channel = MmmReport["channels"][number];
type Plan = NonNullable<MmmReport["budget_plan"]>;
type SideBySide = NonNullable<MmmReport["side_by_side"]>;
type Calibration = NonNullable<MmmReport["calibration"]>;

const KPIS = ["revenue", "leads", "sales"] as const;
/** Weeks by default: fewer periods fit faster, and a week's spend moves less by chance than a day's. */
const CADENCES = ["week", "day"] as const;
/** The planner's bounds unless told: no channel moves more than 30% from today's spend. */
const DEFAULT_MAX_CHANGE = "0.3";

/** The keys of an estimate's flat fields in an answer: `name`, `name_low`, `name_high`. */
type Ranged<Name extends string> = Record<Name | `${Name}_low` | `${Name}_high`, number>;

/** "12 (8 – 17)": the point figure and its 90% interval. */
function ranged<Name extends string>(
  locality: Locality,
  row: Ranged<Name>,
  name: Name,
  kind: FigureKind,
): string {
  const figure = (value: number) => locality.format.figure(value, kind);
  return locality.t("mmm_interval", {
    value: figure(row[name]),
    low: figure(row[`${name}_low`]),
    high: figure(row[`${name}_high`]),
  });
}

/** Revenue is money and its ROI a multiple; a count KPI is added in units, per unit of spend. */
function kinds(kpi: string): { added: FigureKind; roi: FigureKind } {
  return kpi === "revenue" ? { added: "money", roi: "multiple" } : { added: "decimal", roi: "decimal" };
}

function channelColumns(locality: Locality, kpi: string): Column<Channel>[] {
  const { t, format } = locality;
  const kind = kinds(kpi);
  return [
    {
      key: "channel",
      label: t("channel"),
      sortValue: (c) => networkName(c.channel),
      render: (c) => networkName(c.channel),
    },
    {
      key: "spend",
      label: t("mmm_spend"),
      numeric: true,
      sortValue: (c) => c.spend,
      render: (c) => format.figure(c.spend, "money"),
    },
    {
      key: "contribution",
      label: t("mmm_contribution"),
      numeric: true,
      sortValue: (c) => c.contribution,
      render: (c) => ranged(locality, c, "contribution", kind.added),
    },
    {
      key: "roi",
      label: t("mmm_roi"),
      numeric: true,
      sortValue: (c) => c.roi,
      render: (c) => ranged(locality, c, "roi", kind.roi),
    },
    {
      key: "marginal_roi",
      label: t("mmm_marginal_roi"),
      numeric: true,
      sortValue: (c) => c.marginal_roi,
      render: (c) => ranged(locality, c, "marginal_roi", kind.roi),
    },
    {
      key: "half_life",
      label: t("mmm_half_life"),
      numeric: true,
      sortValue: (c) => c.half_life_days,
      render: (c) => ranged(locality, c, "half_life_days", "decimal"),
    },
  ];
}

/** Each channel's curve through its posterior medians; the spend as it was drawn as a large dot. */
function ResponseCurves({ report }: { report: MmmReport }) {
  const locality = useLocality();
  const option = useMemo<ChartOption>(() => {
    const added = kinds(report.kpi).added;
    return {
      tooltip: {
        trigger: "item",
        formatter: (item: unknown) => {
          const { seriesIndex, dataIndex } = item as { seriesIndex: number; dataIndex: number };
          const channel = report.channels[seriesIndex]!;
          const point = channel.response_curve[dataIndex]!;
          return `${networkName(channel.channel)}<br>${locality.t("mmm_spend")}: ${locality.format.figure(point.spend, "money")}<br>${locality.t("mmm_contribution")}: ${ranged(locality, point, "contribution", added)}`;
        },
      },
      legend: { bottom: 0 },
      grid: { left: 70, right: 20, top: 20, bottom: 60 },
      xAxis: { type: "value", name: locality.t("mmm_spend"), nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "value" },
      series: report.channels.map((channel) => ({
        type: "line",
        name: networkName(channel.channel),
        showSymbol: true,
        data: channel.response_curve.map((point) => ({
          value: [point.spend, point.contribution],
          symbol: point.current ? "diamond" : "circle",
          symbolSize: point.current ? 16 : 4,
        })),
      })),
    };
  }, [report, locality]);
  return <Chart label={locality.t("mmm_curves_label")} option={option} height={360} />;
}

function PlanSection({ plan, kpi }: { plan: Plan; kpi: string }) {
  const locality = useLocality();
  const { t, format } = locality;
  const per = t(plan.period_days === 7 ? "mmm_per_week" : "mmm_per_day");
  const money = (value: number) => format.figure(value, "money");
  const added = (value: number) => format.figure(value, kinds(kpi).added);
  const spendColumn = (key: "current" | "lower" | "upper" | "planned", label: string) => ({
    key,
    label,
    numeric: true,
    sortValue: (row: Plan["channels"][number]) => row[key],
    render: (row: Plan["channels"][number]) => money(row[key]),
  });
  return (
    <>
      <DataTable<Plan["channels"][number]>
        caption={t("mmm_plan")}
        columns={[
          {
            key: "channel",
            label: t("channel"),
            sortValue: (c) => networkName(c.channel),
            render: (c) => networkName(c.channel),
          },
          spendColumn("current", t("mmm_today")),
          spendColumn("lower", t("mmm_lowest")),
          spendColumn("upper", t("mmm_highest")),
          spendColumn("planned", t("mmm_planned")),
        ]}
        rows={plan.channels}
        rowKey={(c) => c.channel}
      />
      <ul class="sentences">
        {plan.moves.length === 0 ? (
          <li>{t("mmm_keep")}</li>
        ) : (
          plan.moves.map((move) => (
            <li key={`${move.from}-${move.to}`}>
              {t("mmm_move", {
                amount: money(move.amount),
                per,
                from: networkName(move.from),
                to: networkName(move.to),
              })}
            </li>
          ))
        )}
        <li>
          {t("mmm_plan_gain", {
            per,
            budget: money(plan.budget),
            today: added(plan.current_kpi),
            planned: added(plan.planned_kpi),
            gain: added(plan.gain),
            low: added(plan.gain_low),
            high: added(plan.gain_high),
          })}
        </li>
      </ul>
    </>
  );
}

/** The budget and bounds to plan with, kept in the URL once applied (the bounds as a share, typed in percent). */
function PlanForm({ budget, maxChange }: { budget: string; maxChange: string }) {
  const { t } = useLocality();
  const [draft, setDraft] = useState({ budget, maxChange: String(Number(maxChange) * 100) });
  return (
    <form
      class="toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        const changes = { budget: draft.budget, max_change: String(Number(draft.maxChange) / 100) };
        setFilter(changes as Record<string, string>);
      }}
    >
      <TextField
        label={t("mmm_budget")}
        name="budget"
        type="number"
        step="any"
        value={draft.budget}
        onInput={(value) => setDraft({ ...draft, budget: value })}
      />
      <TextField
        label={t("mmm_max_change")}
        name="max_change"
        type="number"
        step="any"
        value={draft.maxChange}
        onInput={(value) => setDraft({ ...draft, maxChange: value })}
      />
      <button type="submit" class="button">
        {t("mmm_apply")}
      </button>
    </form>
  );
}

/** "What if this much spend moved from one channel to another", asked through the URL as the plan's budget is. */
function WhatIfSection({
  question,
  channels,
  kpi,
  kpiLabel,
}: {
  question: Record<string, string | boolean>;
  channels: string[];
  kpi: string;
  kpiLabel: string;
}) {
  const { t, format } = useLocality();
  const params = useRoute().params;
  const asked = {
    move_amount: params.get("move_amount") ?? undefined,
    move_from: params.get("move_from") ?? undefined,
    move_to: params.get("move_to") ?? undefined,
  };
  const complete = Object.values(asked).every((value) => value !== undefined);
  const answer = useApi<MmmReport>(complete ? "/api/mmm" : null, { ...question, ...asked });
  const [draft, setDraft] = useState({
    amount: asked.move_amount ?? "",
    from: asked.move_from ?? channels[0] ?? "",
    to: asked.move_to ?? channels[1] ?? channels[0] ?? "",
  });
  const options = channels.map((channel) => ({ value: channel, label: networkName(channel) }));
  const move = answer.data?.move;
  const added = (value: number) => format.figure(value, kinds(kpi).added);
  return (
    <>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          const changes: Record<string, string> = {
            move_amount: draft.amount,
            move_from: draft.from,
            move_to: draft.to,
          };
          setFilter(changes);
        }}
      >
        <TextField
          label={t("mmm_move_amount")}
          name="move_amount"
          type="number"
          step="any"
          required
          value={draft.amount}
          onInput={(amount) => setDraft({ ...draft, amount })}
        />
        <SelectField
          label={t("mmm_move_from")}
          name="move_from"
          value={draft.from}
          options={options}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <SelectField
          label={t("mmm_move_to")}
          name="move_to"
          value={draft.to}
          options={options}
          onChange={(to) => setDraft({ ...draft, to })}
        />
        <button type="submit" class="button">
          {t("mmm_move_apply")}
        </button>
      </form>
      <ErrorNotice error={answer.error} />
      {move && (
        <p role="status">
          {t("mmm_move_result", {
            amount: format.figure(move.amount, "money"),
            per: t(move.period_days === 7 ? "mmm_per_week" : "mmm_per_day"),
            from: networkName(move.from),
            to: networkName(move.to),
            // Mid-sentence: "revenue", as the paragraph words it.
            kpi: kpiLabel.toLocaleLowerCase(),
            gain: added(move.gain),
            low: added(move.gain_low),
            high: added(move.gain_high),
          })}
        </p>
      )}
    </>
  );
}

/** A lift test entered for the model's KPI, on one of its channels. */
function LiftTestForm({
  kpi,
  kpiLabel,
  channels,
  onDone,
}: {
  kpi: string;
  kpiLabel: string;
  channels: string[];
  onDone: () => void;
}) {
  const { t } = useLocality();
  const empty = {
    channel: channels[0] ?? "",
    start: "",
    end: "",
    incremental: "",
    low: "",
    high: "",
    note: "",
  };
  const { form, setForm, field } = useForm(empty);
  // An empty field is sent as such: the API names it, where the browser would send 0.
  const amount = (text: string) => (text.trim() === "" ? text : Number(text));
  const { submit, error, busy } = useSubmit(
    () =>
      api("/api/mmm/lift-tests", {
        method: "POST",
        body: {
          ...form,
          kpi,
          incremental: amount(form.incremental),
          low: amount(form.low),
          high: amount(form.high),
        },
      }),
    () => {
      setForm(empty);
      onDone();
    },
  );
  return (
    <EditorForm title={t("mmm_lift_add")} onSubmit={submit}>
      <div class="form-grid">
        <SelectField
          label={t("channel")}
          name="channel"
          value={form.channel}
          error={error}
          options={channels.map((channel) => ({ value: channel, label: networkName(channel) }))}
          onChange={(channel) => setForm({ ...form, channel })}
        />
        <TextField label={t("period_start")} type="date" required error={error} {...field("start")} />
        <TextField label={t("period_end")} type="date" required error={error} {...field("end")} />
        {(
          [
            ["incremental", t("mmm_lift_measured", { kpi: kpiLabel })],
            ["low", t("mmm_lift_low")],
            ["high", t("mmm_lift_high")],
          ] as const
        ).map(([name, label]) => (
          <TextField
            key={name}
            label={label}
            type="number"
            step="any"
            required
            error={error}
            {...field(name)}
          />
        ))}
        <TextField label={t("mmm_lift_note")} error={error} {...field("note")} />
      </div>
      <ErrorNotice error={error} />
      <button type="submit" disabled={busy}>
        {t("save")}
      </button>
    </EditorForm>
  );
}

/**
 * The workspace's lift tests, each with what it did to the model asked for: the channel's
 * contribution over its window by the data alone and with the tests, and whether they disagree.
 */
function LiftTestsSection({
  report,
  kpiLabel,
  onChange,
}: {
  report: MmmReport;
  kpiLabel: string;
  onChange: () => void;
}) {
  const locality = useLocality();
  const { t, format } = locality;
  const tests = useApi<{ lift_tests: StoredLiftTest[] }>("/api/mmm/lift-tests");
  const canWrite = useCan("write");
  const changed = () => {
    tests.reload();
    onChange();
  };
  const remove = useSubmit((id: string) => api(`/api/mmm/lift-tests/${id}`, { method: "DELETE" }), changed);
  const added = kinds(report.kpi).added;
  const checks = new Map((report.calibration?.tests ?? []).map((check) => [check.lift_test_id, check]));
  type Check = Calibration["tests"][number];
  const effect = (test: StoredLiftTest, render: (check: Check) => string) => {
    const check = checks.get(test.lift_test_id);
    return check ? render(check) : "";
  };
  const columns: Column<StoredLiftTest>[] = [
    {
      key: "channel",
      label: t("channel"),
      sortValue: (test) => test.channel,
      render: (test) => networkName(test.channel),
    },
    {
      key: "window",
      label: t("mmm_lift_window"),
      sortValue: (test) => test.start,
      render: (test) => `${format.date(test.start)} – ${format.date(test.end)}`,
    },
    {
      key: "measured",
      label: t("mmm_lift_measured", { kpi: kpiLabel }),
      numeric: true,
      sortValue: (test) => test.incremental,
      render: (test) =>
        t("mmm_interval", {
          value: format.figure(test.incremental, added),
          low: format.figure(test.low, added),
          high: format.figure(test.high, added),
        }),
    },
    {
      key: "before",
      label: t("mmm_lift_before"),
      numeric: true,
      sortValue: (test) => checks.get(test.lift_test_id)?.model_before ?? null,
      render: (test) => effect(test, (check) => ranged(locality, check, "model_before", added)),
    },
    {
      key: "after",
      label: t("mmm_lift_after"),
      numeric: true,
      sortValue: (test) => checks.get(test.lift_test_id)?.model_after ?? null,
      render: (test) => effect(test, (check) => ranged(locality, check, "model_after", added)),
    },
    {
      key: "agreement",
      label: t("mmm_lift_effect"),
      sortValue: (test) => String(checks.get(test.lift_test_id)?.disagrees ?? ""),
      render: (test) => {
        const check = checks.get(test.lift_test_id);
        return check ? t(check.disagrees ? "mmm_lift_disagrees" : "mmm_lift_agrees") : t("mmm_lift_unused");
      },
    },
    ...(canWrite
      ? [
          {
            key: "remove",
            label: t("delete"),
            render: (test: StoredLiftTest) => (
              <button
                type="button"
                class="danger"
                aria-label={`${t("delete")}: ${networkName(test.channel)} ${test.start} – ${test.end}`}
                onClick={() => confirm(t("confirm_delete")) && remove.submit(test.lift_test_id)}
              >
                {t("delete")}
              </button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <p class="muted">{t("mmm_lift_intro")}</p>
      <ErrorNotice error={tests.error ?? remove.error} />
      {tests.data && tests.data.lift_tests.length === 0 && <p>{t("mmm_lift_none")}</p>}
      {tests.data && tests.data.lift_tests.length > 0 && (
        <DataTable<StoredLiftTest>
          caption={t("mmm_lift_tests")}
          columns={columns}
          rows={tests.data.lift_tests}
          rowKey={(test) => test.lift_test_id}
        />
      )}
      {report.calibration && (
        <ul class="sentences">
          {report.calibration.channels.map((channel) => (
            <li key={channel.channel}>
              {t("mmm_lift_roi", {
                channel: networkName(channel.channel),
                before: ranged(locality, channel, "roi_before", kinds(report.kpi).roi),
                after: ranged(locality, channel, "roi_after", kinds(report.kpi).roi),
              })}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <LiftTestForm
          kpi={report.kpi}
          kpiLabel={kpiLabel}
          channels={report.channels.map((c) => c.channel)}
          onDone={changed}
        />
      )}
    </>
  );
}

function SideBySideSection({ side }: { side: SideBySide }) {
  const locality = useLocality();
  const { t, format } = locality;
  const money = (value: number) => format.figure(value, "money");
  type Row = SideBySide["networks"][number];
  return (
    <>
      <DataTable<Row>
        caption={t("mmm_side_by_side")}
        columns={[
          { key: "network", label: t("network"), sortValue: (n) => n.name, render: (n) => n.name },
          {
            key: "incremental",
            label: t("mmm_incremental"),
            numeric: true,
            sortValue: (n) => n.incremental,
            render: (n) => ranged(locality, n, "incremental", "money"),
          },
          {
            key: "attributed",
            label: t("mmm_attributed"),
            numeric: true,
            sortValue: (n) => n.attributed_high,
            render: (n) =>
              n.attributed_low === n.attributed_high
                ? money(n.attributed_low)
                : `${money(n.attributed_low)} – ${money(n.attributed_high)}`,
          },
          {
            key: "verdict",
            label: t("mmm_verdict"),
            sortValue: (n) => n.verdict,
            render: (n) => t(`mmm_verdict_${n.verdict}`),
          },
        ]}
        rows={side.networks}
        rowKey={(n) => n.network}
      />
      <p>{side.sentence}</p>
    </>
  );
}

/**
 * The marketing mix model: what each channel's spend added with its interval, the response curves,
 * what the model can say, the budget plan, and the model beside click-based attribution.
 */
export function MmmPage() {
  const locality = useLocality();
  const { t, format } = locality;
  const filters = useFilters();
  const params = useRoute().params;
  const choice = {
    kpi: params.get("kpi") ?? "revenue",
    cadence: params.get("cadence") ?? CADENCES[0],
    budget: params.get("budget") ?? undefined,
    max_change: params.get("max_change") ?? DEFAULT_MAX_CHANGE,
  };
  const question = {
    ...usePeriodQuery(),
    kpi: choice.kpi,
    cadence: choice.cadence,
    plan: true,
    max_change: choice.max_change,
    lang: locality.lang,
  };
  // Today's budget always fits its bounds; another one may not, and its refusal belongs to the plan alone.
  const report = useApi<MmmReport>("/api/mmm", question);
  const otherBudget = useApi<MmmReport>(choice.budget === undefined ? null : "/api/mmm", {
    ...question,
    budget: choice.budget,
  });
  const choose = (changes: Record<string, string>) => setFilter(changes);
  const data = report.data;
  const plan = choice.budget === undefined ? data?.budget_plan : otherBudget.data?.budget_plan;
  const kpiChoices = [...new Set([...KPIS, choice.kpi])];
  const kpiLabel = (kpi: string) =>
    (KPIS as readonly string[]).includes(kpi) ? t(kpi as (typeof KPIS)[number]) : kpi;
  const percent = (value: number) => format.figure(value, "percent");

  return (
    <>
      <PeriodLine report={data} />
      <div class="toolbar">
        <SelectField
          label={t("mmm_kpi")}
          name="kpi"
          value={choice.kpi}
          options={kpiChoices.map((kpi) => ({ value: kpi, label: kpiLabel(kpi) }))}
          onChange={(value) => choose({ kpi: value })}
        />
        <SelectField
          label={t("mmm_cadence")}
          name="cadence"
          value={choice.cadence}
          options={CADENCES.map((cadence) => ({ value: cadence, label: t(`mmm_cadence_${cadence}`) }))}
          onChange={(value) => choose({ cadence: value })}
        />
      </div>
      {(filters.network || filters.campaign) && <p class="muted">{t("filters_not_applied")}</p>}
      {report.error?.code === "unprocessable" ? (
        // The data cannot carry a model: that is the answer, not a failure.
        <div class="notice" role="alert">
          <strong>{t("mmm_refused")}</strong> {report.error.message}
        </div>
      ) : (
        <ErrorNotice error={report.error} />
      )}
      {!data ? (
        !report.error && (
          <p class="muted" role="status">
            {t("mmm_fitting")}
          </p>
        )
      ) : (
        <>
          <section>
            <h2>{t("mmm_channels", { kpi: kpiLabel(data.kpi) })}</h2>
            <DataTable<Channel>
              caption={t("mmm_channels", { kpi: kpiLabel(data.kpi) })}
              columns={channelColumns(locality, data.kpi)}
              rows={data.channels}
              rowKey={(c) => c.channel}
            />
            <ul class="sentences">
              <li>
                {t("mmm_baseline", {
                  share: percent(data.baseline_share),
                  low: percent(data.baseline_share_low),
                  high: percent(data.baseline_share_high),
                })}
              </li>
              <li>
                {data.fit.holdout_mape === null
                  ? t("mmm_fit", { r2: format.figure(data.fit.r2, "decimal"), mape: percent(data.fit.mape) })
                  : t("mmm_fit_holdout", {
                      r2: format.figure(data.fit.r2, "decimal"),
                      mape: percent(data.fit.mape),
                      holdout: percent(data.fit.holdout_mape),
                      periods: data.fit.holdout_periods,
                    })}
              </li>
            </ul>
          </section>
          <section>
            <h2>{t("mmm_curves")}</h2>
            <ResponseCurves report={data} />
          </section>
          <section>
            <h2>{t("mmm_what_it_says")}</h2>
            <p>{data.paragraph}</p>
          </section>
          <section>
            <h2>{t("mmm_lift_tests")}</h2>
            <LiftTestsSection report={data} kpiLabel={kpiLabel(data.kpi)} onChange={report.reload} />
          </section>
          <section>
            <h2>{t("mmm_plan")}</h2>
            <PlanForm
              key={`${choice.budget}-${choice.max_change}`}
              budget={choice.budget ?? String(Math.round(data.budget_plan?.budget ?? 0))}
              maxChange={choice.max_change}
            />
            <ErrorNotice error={otherBudget.error} />
            {plan ? (
              <PlanSection plan={plan} kpi={data.kpi} />
            ) : (
              !otherBudget.error && (
                <p class="muted" role="status">
                  {t("mmm_planning")}
                </p>
              )
            )}
          </section>
          <section>
            <h2>{t("mmm_what_if")}</h2>
            <WhatIfSection
              question={question}
              channels={data.channels.map((channel) => channel.channel)}
              kpi={data.kpi}
              kpiLabel={kpiLabel(data.kpi)}
            />
          </section>
          <section>
            <h2>{t("mmm_side_by_side")}</h2>
            {data.side_by_side ? (
              <SideBySideSection side={data.side_by_side} />
            ) : (
              <p class="muted">{t("mmm_side_by_side_revenue_only")}</p>
            )}
          </section>
        </>
      )}
    </>
  );
}
