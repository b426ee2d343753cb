import { Cron } from "croner";
import { z } from "zod";
import { recordChange } from "../audit/record-change.js";
import { newId } from "../domain/ids.js";
import { LOCALES, type Locale, type Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { generateReport } from "./generate.js";
import { MIME_TYPES } from "./render/index.js";
import { readSmtpSettings, type SmtpSettings, sendMail } from "./smtp.js";
import { findTemplate, templatePeriod } from "./templates.js";

export const FREQUENCIES = ["weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Monday 07:00 for last week, the 1st at 07:00 for last month, in the workspace's time zone. */
const CRON_PATTERNS: Record<Frequency, string> = { weekly: "0 7 * * 1", monthly: "0 7 1 * *" };
const PERIOD_OF: Record<Frequency, "last_7_days" | "last_month"> = {
  weekly: "last_7_days",
  monthly: "last_month",
};

/** Minutes to wait after the 1st, 2nd, … failed attempt; after the last one the delivery is given up. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 480];
const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;
/** A delivery still "sending" this long after its claim was cut off (the process stopped mid-send). */
const STALE_CLAIM_MINUTES = 15;

export const scheduleInputSchema = z.object({
  frequency: z.enum(FREQUENCIES),
  recipients: z.array(z.email()).min(1),
  lang: z.enum(LOCALES).nullable().default(null),
  template: z.string().trim().min(1).nullable().default(null),
});

export interface Schedule {
  schedule_id: string;
  frequency: Frequency;
  recipients: string[];
  lang: Locale | null;
  template: string | null;
  created_at: string;
}

interface DeliveryStatus {
  period_from: string;
  period_to: string;
  status: "pending" | "sending" | "sent" | "retrying" | "failed";
  attempts: number;
  error: string | null;
  sent_at: string | null;
  next_attempt_at: string | null;
}

export interface ScheduleWithStatus extends Schedule {
  next_run: string | null;
  last: DeliveryStatus | null;
}

const ISO = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%SZ') AS ${column}`;
const SCHEDULE_COLUMNS = `schedule_id, frequency, recipients, lang, template, ${ISO("created_at")}`;
const DELIVERY_COLUMNS = `strftime(period_from, '%Y-%m-%d') AS period_from, strftime(period_to, '%Y-%m-%d') AS period_to,
  status, attempts, error, ${ISO("sent_at")}, ${ISO("next_attempt_at")}`;

/** A schedule's delivery of one period, its times as ISO text. */
const deliveryStatusRow: z.ZodType<DeliveryStatus> = z.object({
  period_from: z.string(),
  period_to: z.string(),
  status: z.enum(["pending", "sending", "sent", "retrying", "failed"]),
  attempts: z.number(),
  error: z.string().nullable(),
  sent_at: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
});

/** A schedule as stored: its recipients comma-separated. */
type ScheduleRow = Omit<Schedule, "recipients"> & { recipients: string };
const scheduleRow: z.ZodType<ScheduleRow> = z.object({
  schedule_id: z.string(),
  frequency: z.enum(FREQUENCIES),
  recipients: z.string(),
  lang: z.enum(LOCALES).nullable(),
  template: z.string().nullable(),
  created_at: z.string(),
});
const fromRow = (row: ScheduleRow): Schedule => ({ ...row, recipients: row.recipients.split(",") });

/** The workspace's schedules, oldest first. Parameters: $ws. */
const workspaceSchedules = defineQuery("reports/schedules", scheduleRow, {
  duckdb: `SELECT ${SCHEDULE_COLUMNS} FROM report_schedules s WHERE workspace_id = $ws ORDER BY s.created_at, schedule_id`,
});

/** The delivery of a schedule's latest period. Parameters: $id. */
const lastDelivery = defineQuery("reports/last-delivery", deliveryStatusRow, {
  duckdb: `SELECT ${DELIVERY_COLUMNS} FROM report_deliveries WHERE schedule_id = $id ORDER BY period_from DESC LIMIT 1`,
});

/** Removes a schedule, returning its id if the workspace had it. Parameters: $ws, $id. */
const deletedSchedule = defineQuery("reports/delete-schedule", z.object({ schedule_id: z.string() }), {
  duckdb: "DELETE FROM report_schedules WHERE workspace_id = $ws AND schedule_id = $id RETURNING schedule_id",
});

/** The workspace's deliveries waiting to be sent by $now, oldest period first. Parameters: $ws, $now. */
const waitingDeliveries = defineQuery(
  "reports/waiting-deliveries",
  z.object({ schedule_id: z.string(), period_from: z.string(), period_to: z.string() }),
  {
    duckdb: `SELECT d.schedule_id, strftime(d.period_from, '%Y-%m-%d') AS period_from, strftime(d.period_to, '%Y-%m-%d') AS period_to
     FROM report_deliveries d JOIN report_schedules s USING (schedule_id)
     WHERE s.workspace_id = $ws AND d.status IN ('pending', 'retrying') AND d.next_attempt_at <= CAST($now AS TIMESTAMPTZ)
     ORDER BY d.period_from`,
  },
);

/**
 * Claims a waiting delivery for sending, returning its attempts so far (this one included); no
 * row when another runner claimed it first. Parameters: $id, $from, $now.
 */
const claimedDelivery = defineQuery("reports/claim-delivery", z.object({ attempts: z.number() }), {
  duckdb: `UPDATE report_deliveries SET status = 'sending', claimed_at = CAST($now AS TIMESTAMPTZ), attempts = attempts + 1
       WHERE schedule_id = $id AND period_from = CAST($from AS DATE) AND status IN ('pending', 'retrying')
       RETURNING attempts`,
});

export async function addSchedule(
  store: Store,
  workspace: Workspace,
  input: z.input<typeof scheduleInputSchema>,
  now = new Date(),
): Promise<Schedule> {
  const parsed = scheduleInputSchema.parse(input);
  const id = newId("sch");
  return store.transaction(async () => {
    await store.run(
      `INSERT INTO report_schedules (schedule_id, workspace_id, frequency, recipients, lang, template, created_at)
       VALUES ($id, $ws, $frequency, $recipients, $lang, $template, CAST($now AS TIMESTAMPTZ))`,
      { id, ws: workspace.id, ...parsed, recipients: parsed.recipients.join(","), now: now.toISOString() },
    );
    const added = (await schedules(store, workspace.id)).find((s) => s.schedule_id === id)!;
    const workspaceId = workspace.id;
    await recordChange(store, {
      workspaceId,
      object: "schedule",
      objectId: id,
      before: undefined,
      after: added,
    });
    return added;
  });
}

async function schedules(store: Store, workspaceId: string): Promise<Schedule[]> {
  const rows = await runQuery(store, workspaceSchedules, { ws: workspaceId });
  return rows.map(fromRow);
}

function cronFor(schedule: Schedule, workspace: Workspace): Cron {
  return new Cron(CRON_PATTERNS[schedule.frequency], { timezone: workspace.timezone, paused: true });
}

export async function listSchedules(
  store: Store,
  workspace: Workspace,
  now = new Date(),
): Promise<ScheduleWithStatus[]> {
  const result: ScheduleWithStatus[] = [];
  for (const schedule of await schedules(store, workspace.id)) {
    const [last] = await runQuery(store, lastDelivery, { id: schedule.schedule_id });
    const next = cronFor(schedule, workspace).nextRun(now);
    result.push({ ...schedule, next_run: next?.toISOString() ?? null, last: last ?? null });
  }
  return result;
}

export async function removeSchedule(
  store: Store,
  workspaceId: string,
  scheduleId: string,
): Promise<boolean> {
  return store.transaction(async () => {
    const before = (await schedules(store, workspaceId)).find((s) => s.schedule_id === scheduleId);
    const removed = await runQuery(store, deletedSchedule, { ws: workspaceId, id: scheduleId });
    if (removed.length === 0) return false;
    await store.run("DELETE FROM report_deliveries WHERE schedule_id = $id", { id: scheduleId });
    await recordChange(store, {
      workspaceId,
      object: "schedule",
      objectId: scheduleId,
      before,
      after: undefined,
    });
    return true;
  });
}

/** The period the schedule's latest run at or before `now` reports on, or null before its first run. */
function duePeriod(schedule: Schedule, workspace: Workspace, now: Date): Period | null {
  const [fire] = cronFor(schedule, workspace).previousRuns(1, now);
  if (!fire || fire.getTime() < Date.parse(schedule.created_at)) return null;
  const localDay = new Intl.DateTimeFormat("en-CA", { timeZone: workspace.timezone }).format(fire);
  return templatePeriod(
    {
      name: "",
      sections: [],
      period: PERIOD_OF[schedule.frequency],
      from: null,
      to: null,
      compare: true,
      lang: null,
    },
    new Date(`${localDay}T00:00:00Z`),
  );
}

export interface DeliveryOutcome {
  schedule_id: string;
  period: Period;
  status: "sent" | "retrying" | "failed";
  error?: string;
}

/**
 * Sends every report that is due and not yet sent. Each schedule's latest period gets one delivery
 * row (unique per schedule and period); a row is claimed before its e-mail goes out, so neither a
 * restart nor a second runner sends it twice. Failed sends wait with a growing backoff.
 */
export async function runDue(
  store: Store,
  workspace: Workspace,
  now = new Date(),
): Promise<DeliveryOutcome[]> {
  const at = now.toISOString();
  const all = await schedules(store, workspace.id);
  for (const schedule of all) {
    const period = duePeriod(schedule, workspace, now);
    if (!period) continue;
    await store.run(
      `INSERT INTO report_deliveries (schedule_id, period_from, period_to, status, attempts, next_attempt_at)
       VALUES ($id, CAST($from AS DATE), CAST($to AS DATE), 'pending', 0, CAST($now AS TIMESTAMPTZ))
       ON CONFLICT DO NOTHING`,
      { id: schedule.schedule_id, ...period, now: at },
    );
  }
  await store.run(
    `UPDATE report_deliveries SET status = 'retrying', next_attempt_at = CAST($now AS TIMESTAMPTZ),
       error = 'interrupted while sending'
     WHERE status = 'sending' AND claimed_at < CAST($now AS TIMESTAMPTZ) - INTERVAL ${STALE_CLAIM_MINUTES} MINUTE`,
    { now: at },
  );
  const waiting = await runQuery(store, waitingDeliveries, { ws: workspace.id, now: at });
  const smtp = await readSmtpSettings(store, workspace.id);
  const outcomes: DeliveryOutcome[] = [];
  for (const row of waiting) {
    const schedule = all.find((s) => s.schedule_id === row.schedule_id);
    if (!schedule) continue;
    const key = { id: row.schedule_id, from: row.period_from, now: at };
    const [claim] = await runQuery(store, claimedDelivery, key);
    if (!claim) continue;
    const period = { from: row.period_from, to: row.period_to };
    try {
      await deliver(store, workspace, schedule, period, smtp, now);
      await store.run(
        `UPDATE report_deliveries SET status = 'sent', sent_at = CAST($now AS TIMESTAMPTZ), error = NULL, next_attempt_at = NULL
         WHERE schedule_id = $id AND period_from = CAST($from AS DATE)`,
        key,
      );
      outcomes.push({ schedule_id: schedule.schedule_id, period, status: "sent" });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delay = BACKOFF_MINUTES[claim.attempts - 1];
      const status = claim.attempts >= MAX_ATTEMPTS || delay === undefined ? "failed" : "retrying";
      await store.run(
        `UPDATE report_deliveries SET status = $status, error = $error,
           next_attempt_at = CASE WHEN $status = 'failed' THEN NULL ELSE CAST($now AS TIMESTAMPTZ) + to_minutes(CAST($delay AS BIGINT)) END
         WHERE schedule_id = $id AND period_from = CAST($from AS DATE)`,
        { ...key, status, error: message, delay: delay ?? 0 },
      );
      outcomes.push({ schedule_id: schedule.schedule_id, period, status, error: message });
    }
  }
  return outcomes;
}

async function deliver(
  store: Store,
  workspace: Workspace,
  schedule: Schedule,
  period: Period,
  smtp: SmtpSettings | undefined,
  now: Date,
): Promise<void> {
  if (!smtp) throw new Error("No SMTP settings: run `socialroi schedule smtp --host … --from …` first");
  const template = schedule.template ? await findTemplate(store, workspace.id, schedule.template) : undefined;
  if (schedule.template && !template)
    throw new Error(`The report template "${schedule.template}" no longer exists`);
  const report = await generateReport(store, workspace, {
    period,
    format: "pdf",
    ...(schedule.lang ? { lang: schedule.lang } : {}),
    ...(template ? { template } : {}),
    now,
  });
  const { model } = report;
  const summary = model.sections.find((s) => s.id === "summary")?.paragraphs ?? [];
  await sendMail(smtp, {
    to: schedule.recipients,
    subject: `${model.title} · ${model.company} · ${model.periodLine}`,
    text: [model.periodLine, "", ...summary].join("\n"),
    attachments: [{ filename: report.fileName, content: report.bytes, contentType: MIME_TYPES.pdf }],
  });
}

/** Runs due schedules every minute while `serve` runs, and once at start to catch up after a restart. */
export function startScheduleRunner(
  store: Store,
  workspace: Workspace,
  onError: (error: unknown) => void,
): { stop: () => void } {
  const tick = () => runDue(store, workspace).then(() => undefined, onError);
  const job = new Cron("* * * * *", { protect: true }, tick);
  void tick();
  return { stop: () => job.stop() };
}
