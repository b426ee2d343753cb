import { z } from "zod";
import { recordChange } from "../audit/record-change.js";
import { dayField } from "../domain/input-bounds.js";
import { LOCALES } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";
import { SECTION_IDS, type SectionId } from "./model.js";

export const PERIOD_KINDS = ["last_month", "last_week", "last_7_days", "last_30_days", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const templateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    sections: z.array(z.enum(SECTION_IDS)).min(1),
    period: z.enum(PERIOD_KINDS),
    from: dayField.nullable().default(null),
    to: dayField.nullable().default(null),
    /** Compare with the previous period of equal length. */
    compare: z.boolean().default(true),
    lang: z.enum(LOCALES).nullable().default(null),
  })
  .refine((t) => t.period !== "custom" || (t.from && t.to && t.from <= t.to), {
    message: "a custom period needs from and to, from not after to",
  });
export type ReportTemplate = z.infer<typeof templateSchema>;

/** Sendable unchanged: every section, last calendar month against the month before. */
export const DEFAULT_TEMPLATE: ReportTemplate = {
  name: "default",
  sections: [...SECTION_IDS],
  period: "last_month",
  from: null,
  to: null,
  compare: true,
  lang: null,
};

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** The period a template covers when run on `today` (a UTC calendar day); periods end before today. */
export function templatePeriod(template: ReportTemplate, today: Date): Period {
  const midnight = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const yesterday = addDays(midnight, -1);
  switch (template.period) {
    case "custom":
      return { from: template.from!, to: template.to! };
    case "last_7_days":
      return { from: day(addDays(midnight, -7)), to: day(yesterday) };
    case "last_30_days":
      return { from: day(addDays(midnight, -30)), to: day(yesterday) };
    case "last_week": {
      const sinceMonday = (midnight.getUTCDay() + 6) % 7;
      const monday = addDays(midnight, -sinceMonday - 7);
      return { from: day(monday), to: day(addDays(monday, 6)) };
    }
    case "last_month": {
      const first = new Date(Date.UTC(midnight.getUTCFullYear(), midnight.getUTCMonth() - 1, 1));
      const last = new Date(Date.UTC(midnight.getUTCFullYear(), midnight.getUTCMonth(), 0));
      return { from: day(first), to: day(last) };
    }
  }
}

/** A stored template as written: `fromRow` checks it against `templateSchema`. */
const templateRow = z.object({
  name: z.string(),
  sections: z.string(),
  period: z.string(),
  period_from: z.string().nullable(),
  period_to: z.string().nullable(),
  compare: z.boolean(),
  lang: z.string().nullable(),
});
type TemplateRow = z.infer<typeof templateRow>;

const COLUMNS =
  "name, sections, period, strftime(period_from, '%Y-%m-%d') AS period_from, strftime(period_to, '%Y-%m-%d') AS period_to, compare, lang";

/** The workspace's saved templates by name. Parameters: $ws. */
const savedTemplates = defineQuery("reports/templates", templateRow, {
  duckdb: `SELECT ${COLUMNS} FROM report_templates WHERE workspace_id = $ws ORDER BY name`,
});

/** One saved template. Parameters: $ws, $name. */
const savedTemplate = defineQuery("reports/template", templateRow, {
  duckdb: `SELECT ${COLUMNS} FROM report_templates WHERE workspace_id = $ws AND name = $name`,
});

/** Removes a saved template, returning its name if there was one. Parameters: $ws, $name. */
const deletedTemplate = defineQuery("reports/delete-template", z.object({ name: z.string() }), {
  duckdb: "DELETE FROM report_templates WHERE workspace_id = $ws AND name = $name RETURNING name",
});

function fromRow(row: TemplateRow): ReportTemplate {
  return templateSchema.parse({
    name: row.name,
    sections: row.sections.split(","),
    period: row.period,
    from: row.period_from,
    to: row.period_to,
    compare: row.compare,
    lang: row.lang,
  });
}

export async function listTemplates(store: Store, workspaceId: string): Promise<ReportTemplate[]> {
  const rows = await runQuery(store, savedTemplates, { ws: workspaceId });
  return rows.map(fromRow);
}

/** A saved template, or the built-in default when `name` is "default" and none was saved under it. */
export async function findTemplate(
  store: Store,
  workspaceId: string,
  name: string,
): Promise<ReportTemplate | undefined> {
  const [row] = await runQuery(store, savedTemplate, { ws: workspaceId, name });
  if (row) return fromRow(row);
  return name === DEFAULT_TEMPLATE.name ? DEFAULT_TEMPLATE : undefined;
}

export async function saveTemplate(
  store: Store,
  workspaceId: string,
  input: z.input<typeof templateSchema>,
): Promise<ReportTemplate> {
  const template = templateSchema.parse(input);
  await store.transaction(async () => {
    const [before] = await runQuery(store, savedTemplate, { ws: workspaceId, name: template.name });
    await store.run(
      `INSERT OR REPLACE INTO report_templates (workspace_id, name, sections, period, period_from, period_to, compare, lang, updated_at)
     VALUES ($ws, $name, $sections, $period, CAST($from AS DATE), CAST($to AS DATE), $compare, $lang, now())`,
      {
        ws: workspaceId,
        name: template.name,
        sections: template.sections.join(","),
        period: template.period,
        from: template.from,
        to: template.to,
        compare: template.compare,
        lang: template.lang,
      },
    );
    await recordChange(store, {
      workspaceId,
      object: "report_template",
      objectId: template.name,
      before: before && fromRow(before),
      after: template,
    });
  });
  return template;
}

export async function removeTemplate(store: Store, workspaceId: string, name: string): Promise<boolean> {
  return store.transaction(async () => {
    const [before] = await runQuery(store, savedTemplate, { ws: workspaceId, name });
    const removed = await runQuery(store, deletedTemplate, { ws: workspaceId, name });
    if (before)
      await recordChange(store, {
        workspaceId,
        object: "report_template",
        objectId: name,
        before: fromRow(before),
        after: undefined,
      });
    return removed.length > 0;
  });
}

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}
