import { WEEKDAYS } from "../../insights/post-features.js";
import { NO_KEY } from "../../roi/roi-query.js";
import type { Cell, ReportSection, ReportTable } from "../model.js";
import { careParts } from "./care.js";
import { INSIGHT_METRIC, type InsightInputs, type SectionContext, TOP_DRIVERS } from "./context.js";

export function insightsSection(
  ctx: SectionContext,
  { drivers, times, emv, care }: InsightInputs,
): ReportSection {
  const w = ctx.words.insights;
  const c = ctx.words.columns;
  const metric = ctx.metricName(INSIGHT_METRIC).toLowerCase();
  const slots = times.networks.flatMap((n) => n.best.map((slot) => ({ network: n.network, slot })));
  const paragraphs = [
    w.driversIntro({ metric }),
    ...drivers.sentences.slice(0, TOP_DRIVERS),
    slots.length > 0
      ? w.bestTimesIntro({ metric, minPosts: times.min_slot_posts })
      : w.noBestTimes({ minPosts: times.min_slot_posts }),
    w.emvIntro,
  ];
  const tables: ReportTable[] = [];
  if (slots.length > 0) {
    tables.push({
      id: "best_times",
      title: w.bestTimes,
      columns: [
        ctx.text(c.network),
        ctx.text(c.day),
        ctx.text(c.hour),
        { label: c.posts, kind: "count" },
        ctx.metricColumn(INSIGHT_METRIC, "percent"),
        { label: c.index, kind: "decimal" },
      ],
      rows: slots.map(({ network, slot }) => [
        { value: ctx.networkName(network), kind: "text" },
        {
          value: ctx.fmt.weekday(WEEKDAYS.indexOf(slot.weekday as (typeof WEEKDAYS)[number])),
          kind: "text",
        },
        { value: `${String(slot.hour).padStart(2, "0")}:00`, kind: "text" },
        { value: slot.posts, kind: "count" },
        { value: slot.mean, kind: "percent" },
        { value: slot.index, kind: "decimal" },
      ]),
    });
  }
  const priced = emv.lines.some((l) => l.value !== null) || emv.impressions_value !== null;
  const total = priced ? emv.clicks_value + (emv.impressions_value ?? 0) : null;
  paragraphs.push(total === null ? w.noPrice : w.emvTotal({ value: ctx.f(total, "money") }));
  if (priced) {
    tables.push({
      id: "earned_media",
      title: w.emv,
      columns: [
        ctx.text(c.outcome),
        { label: c.quantity, kind: "count" },
        { label: c.unitValue, kind: "money" },
        ctx.metricColumn("assigned_value", "money"),
      ],
      rows: [
        ...emv.lines.map((line): Cell[] => [
          {
            value: w.organicClicks(ctx.keyLabel(line.campaign ?? NO_KEY, ctx.words.noCampaign)),
            kind: "text",
          },
          { value: line.organic_clicks, kind: "count" },
          { value: line.cpc, kind: "money" },
          { value: line.value, kind: "money" },
        ]),
        [
          { value: w.organicImpressions, kind: "text" },
          { value: emv.organic_impressions / 1000, kind: "decimal" },
          { value: emv.cpm, kind: "money" },
          { value: emv.impressions_value, kind: "money" },
        ],
      ],
      total: ctx.amountTotalRow(total, 2),
    });
  }
  const customerCare = careParts(ctx, care);
  return ctx.section("insights", {
    paragraphs: [...paragraphs, ...customerCare.paragraphs],
    tables: [...tables, ...customerCare.tables],
  });
}
