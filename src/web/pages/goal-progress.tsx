import type { GoalProgress } from "../../api/analytics.js";
import { useLocality } from "../i18n/index.js";
import { metricKind, metricName } from "./figures.js";

/** One goal: a bar of progress against the target, with a mark where it should be by now. */
export function GoalProgressItem({
  goal,
  children,
}: {
  goal: GoalProgress;
  children?: preact.ComponentChildren;
}) {
  const locality = useLocality();
  const { t, format } = locality;
  const kind = metricKind(locality, goal.indicator);
  const percent = Math.min(100, Math.max(0, (goal.progress ?? 0) * 100));
  const status = goal.on_track === null ? t("unknown") : goal.on_track ? t("on_track") : t("behind");
  const label = `${goal.goal_label} — ${metricName(locality, goal.indicator)}${goal.network ? ` (${goal.network})` : ""}`;
  return (
    <li class="goal">
      <div class="goal-head">
        <strong>{label}</strong>
        <span class={goal.on_track ? "badge good" : goal.on_track === false ? "badge bad" : "badge"}>
          {status}
        </span>
      </div>
      <div
        class="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-valuetext={format.figure(goal.progress, "percent")}
      >
        <span class="bar-fill" style={{ width: `${percent}%` }} />
        <span
          class="bar-mark"
          style={{ left: `${Math.min(100, goal.expected_progress * 100)}%` }}
          title={t("expected_progress")}
        />
      </div>
      <dl class="goal-figures">
        <dt>{t("actual")}</dt>
        <dd>{format.figure(goal.actual, kind)}</dd>
        <dt>{t("target")}</dt>
        <dd>{format.figure(goal.target, kind)}</dd>
        <dt>{t("progress")}</dt>
        <dd>{format.figure(goal.progress, "percent")}</dd>
        <dt>{t("expected_progress")}</dt>
        <dd>{format.figure(goal.expected_progress, "percent")}</dd>
        <dt>{t("projection")}</dt>
        <dd>{format.figure(goal.projection, kind)}</dd>
        <dt>{`${t("period_start")} – ${t("period_end")}`}</dt>
        <dd>{t("period", { from: format.date(goal.period_start), to: format.date(goal.period_end) })}</dd>
      </dl>
      {children}
    </li>
  );
}
