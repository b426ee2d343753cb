import { Command, InvalidArgumentError, Option } from "commander";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import {
  addSchedule,
  FREQUENCIES,
  type Frequency,
  listSchedules,
  removeSchedule,
  runDue,
} from "../../reports/schedules.js";
import { saveSmtpSettings } from "../../reports/smtp.js";
import { findTemplate } from "../../reports/templates.js";
import { formatTable } from "../print-table.js";
import { type DbOptions, printJson, UserError, withWorkspace, workspaceOption } from "../run-command.js";

const dbOption = (command: Command) =>
  command
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON");

interface AddOptions extends DbOptions {
  frequency: Frequency;
  to: string[];
  lang?: Locale;
  template?: string;
}

interface SmtpOptions extends DbOptions {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  pass?: string;
  from: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InvalidArgumentError("expected a port number");
  return port;
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

export function scheduleCommand(): Command {
  const command = new Command("schedule").description(
    "e-mail the PDF report weekly or monthly; `socialroi serve` sends them when due",
  );
  dbOption(
    command
      .command("add")
      .description("e-mail the report every week (last 7 days, on Mondays) or month (last month, on the 1st)")
      .addOption(new Option("--frequency <f>", "how often").choices(FREQUENCIES).makeOptionMandatory())
      .requiredOption("--to <addresses>", "recipients, comma-separated or repeated", collect)
      .addOption(
        new Option("--lang <lang>", "language (default: the template's or workspace's)").choices(LOCALES),
      )
      .option("--template <name>", "saved report template (default: the default template)"),
  ).action(async (options: AddOptions) => {
    await withWorkspace(options, async ({ store, workspace }) => {
      if (options.template && !(await findTemplate(store, workspace.id, options.template))) {
        throw new UserError(`No report template named "${options.template}"`);
      }
      const schedule = await addSchedule(store, workspace, {
        frequency: options.frequency,
        recipients: options.to,
        lang: options.lang ?? null,
        template: options.template ?? null,
      });
      if (options.json) printJson(schedule);
      else
        process.stdout.write(
          `Added schedule ${schedule.schedule_id}: ${schedule.frequency} to ${schedule.recipients.join(", ")}\n`,
        );
    });
  });
  dbOption(command.command("list").description("schedules with their next run and last delivery")).action(
    async (options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const schedules = await listSchedules(store, workspace);
        if (options.json) return printJson({ schedules });
        process.stdout.write(
          `${formatTable(schedules, [
            { header: "id", value: (s) => s.schedule_id },
            { header: "frequency", value: (s) => s.frequency },
            { header: "to", value: (s) => s.recipients.join(", ") },
            { header: "next run", value: (s) => s.next_run ?? "" },
            {
              header: "last period",
              value: (s) => (s.last ? `${s.last.period_from} – ${s.last.period_to}` : ""),
            },
            {
              header: "status",
              value: (s) => (s.last ? `${s.last.status} (${s.last.attempts} attempts)` : ""),
            },
            { header: "error", value: (s) => s.last?.error ?? "" },
          ])}\n`,
        );
      });
    },
  );
  dbOption(command.command("remove <id>").description("stop a schedule")).action(
    async (id: string, options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        if (!(await removeSchedule(store, workspace.id, id))) throw new UserError(`No schedule ${id}`);
        if (options.json) printJson({ removed: id });
      });
    },
  );
  dbOption(
    command
      .command("run-due")
      .description("send the reports that are due now (what `serve` does every minute)"),
  ).action(async (options: DbOptions) => {
    await withWorkspace(options, async ({ store, workspace }) => {
      const outcomes = await runDue(store, workspace);
      if (options.json) return printJson({ deliveries: outcomes });
      for (const o of outcomes) {
        process.stdout.write(
          `${o.schedule_id} ${o.period.from} – ${o.period.to}: ${o.status}${o.error ? ` (${o.error})` : ""}\n`,
        );
      }
      if (outcomes.length === 0) process.stdout.write("Nothing due.\n");
    });
  });
  dbOption(
    command
      .command("smtp")
      .description("the SMTP server that sends this workspace's reports")
      .requiredOption("--host <host>", "SMTP server")
      .option("--port <n>", "port", parsePort, 587)
      .option("--secure", "TLS from the start (usually port 465); otherwise STARTTLS when offered")
      .option("--user <user>", "user name")
      .option("--pass <password>", "password (stored in the database file)")
      .requiredOption("--from <address>", 'sender, e.g. "Reports <reports@example.com>"'),
  ).action(async (options: SmtpOptions) => {
    await withWorkspace(options, async ({ store, workspace }) => {
      const settings = await saveSmtpSettings(store, workspace.id, {
        host: options.host,
        port: options.port,
        secure: options.secure ?? false,
        user: options.user ?? null,
        pass: options.pass ?? null,
        from: options.from,
      });
      const shown = { ...settings, pass: settings.pass ? "********" : null };
      if (options.json) printJson(shown);
      else process.stdout.write(`SMTP: ${shown.host}:${shown.port} from ${shown.from}\n`);
    });
  });
  return command;
}
