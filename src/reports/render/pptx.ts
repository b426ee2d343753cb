import pptxModule from "pptxgenjs";
import type { BarChart, ReportModel, ReportSection, ReportTable } from "../model.js";
import { officeNumberFormats } from "./number-formats.js";

// The package's types describe a CommonJS default export while Node loads its ES build: accept both shapes.
type PptxClass = typeof pptxModule.default;
const PptxGenJS: PptxClass =
  (pptxModule as unknown as { default?: PptxClass }).default ?? (pptxModule as unknown as PptxClass);
type Pptx = InstanceType<PptxClass>;
type Slide = ReturnType<Pptx["addSlide"]>;

const ROWS_PER_SLIDE = 11;
const SLIDE_W = 13.33;
const LEFT = 0.5;
const CONTENT_W = SLIDE_W - 2 * LEFT;
const TEXT = "1D2433";
const GREY = "5A6470";

const hex = (color: string) => color.replace("#", "").toUpperCase();

/** A title slide, one slide per section (continued when a table is long) and one per network. */
export async function renderPptx(model: ReportModel): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = model.title;
  pptx.company = model.company;
  const deck = new Deck(pptx, model);
  deck.titleSlide();
  for (const section of model.sections) deck.section(section);
  for (const network of model.networks) deck.network(network);
  const data = await pptx.write({ outputType: "nodebuffer" });
  return data as Buffer;
}

class Deck {
  private readonly primary: string;
  private readonly accent: string;

  constructor(
    private readonly pptx: Pptx,
    private readonly model: ReportModel,
  ) {
    this.primary = hex(model.branding.primaryColor);
    this.accent = hex(model.branding.accentColor);
  }

  private slide(title: string): Slide {
    const slide = this.pptx.addSlide();
    slide.addShape("rect", { x: 0, y: 0, w: SLIDE_W, h: 0.12, fill: { color: this.primary } });
    slide.addText(title, {
      x: LEFT,
      y: 0.3,
      w: CONTENT_W,
      h: 0.7,
      fontSize: 26,
      bold: true,
      color: this.primary,
    });
    slide.addText(`${this.model.company} · ${this.model.periodLine}`, {
      x: LEFT,
      y: 7.0,
      w: CONTENT_W,
      h: 0.3,
      fontSize: 9,
      color: GREY,
    });
    return slide;
  }

  titleSlide(): void {
    const { model } = this;
    const slide = this.pptx.addSlide();
    slide.background = { color: this.primary };
    if (model.branding.logo) {
      slide.addImage({
        data: `${model.branding.logo.mime};base64,${model.branding.logo.base64}`,
        x: LEFT,
        y: 0.6,
        w: 2.4,
        h: 1.0,
        sizing: { type: "contain", w: 2.4, h: 1.0 },
      });
    }
    slide.addText(model.title, {
      x: LEFT,
      y: 2.4,
      w: CONTENT_W,
      h: 1.2,
      fontSize: 40,
      bold: true,
      color: "FFFFFF",
    });
    slide.addText(model.words.preparedFor(model.company), {
      x: LEFT,
      y: 3.7,
      w: CONTENT_W,
      h: 0.6,
      fontSize: 20,
      color: "FFFFFF",
    });
    slide.addText([model.periodLine, model.comparisonLine].filter((l) => l !== null).join("\n"), {
      x: LEFT,
      y: 4.5,
      w: CONTENT_W,
      h: 0.9,
      fontSize: 14,
      color: "FFFFFF",
    });
    slide.addShape("rect", { x: LEFT, y: 5.6, w: 2, h: 0.08, fill: { color: this.accent } });
  }

  section(section: ReportSection): void {
    const slide = this.slide(section.title);
    const chart = section.charts.find((c) => c.categories.length > 0);
    const lines = [...section.paragraphs, ...section.bullets];
    const textWidth = chart ? CONTENT_W * 0.45 : CONTENT_W;
    if (lines.length > 0) {
      slide.addText(
        lines.map((text) => ({ text, options: { bullet: section.bullets.includes(text), breakLine: true } })),
        {
          x: LEFT,
          y: 1.1,
          w: textWidth,
          h: 5.7,
          fontSize: lines.length > 6 ? 12 : 14,
          color: TEXT,
          valign: "top",
          paraSpaceAfter: 6,
        },
      );
    }
    if (chart) this.chart(slide, chart, LEFT + textWidth + 0.3, CONTENT_W - textWidth - 0.3);
    for (const table of section.tables) this.table(section.title, table);
  }

  private chart(slide: Slide, chart: BarChart, x: number, w: number): void {
    const format = officeNumberFormats(this.model)[chart.kind === "text" ? "decimal" : chart.kind];
    slide.addChart(
      "bar",
      chart.series.map((s) => ({ name: s.name, labels: chart.categories, values: s.values })),
      {
        x,
        y: 1.1,
        w,
        h: 5.6,
        barDir: "bar",
        barGrouping: "clustered",
        chartColors: [this.primary, this.accent, "7A8A99", "4CAF7D", "B5495B"],
        showLegend: true,
        legendPos: "t",
        showValue: true,
        dataLabelFormatCode: format,
        dataLabelFontSize: 9,
        valAxisLabelFormatCode: format,
        catAxisLabelFontSize: 10,
        valAxisLabelFontSize: 9,
      },
    );
  }

  /** Long tables continue on further slides, the header repeated, rather than shrinking out of sight. */
  private table(sectionTitle: string, table: ReportTable): void {
    const { model } = this;
    const rows = table.total ? [...table.rows, table.total] : table.rows;
    const header = table.columns.map((c) => ({
      text: c.label,
      options: {
        bold: true,
        color: "FFFFFF",
        fill: { color: this.primary },
        align: c.kind === "text" ? "left" : "right",
      } as const,
    }));
    const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_SLIDE));
    const formulas = table.columns.filter((c) => c.formula && c.kind !== "text");
    for (let p = 0; p < pages; p++) {
      const title = table.title === sectionTitle ? sectionTitle : `${sectionTitle} · ${table.title}`;
      const slide = this.slide(pages > 1 ? `${title} (${p + 1}/${pages})` : title);
      const body = rows.slice(p * ROWS_PER_SLIDE, (p + 1) * ROWS_PER_SLIDE).map((cells, i) => {
        const isTotal = table.total !== undefined && p * ROWS_PER_SLIDE + i === rows.length - 1;
        return cells.map((cell) => ({
          text: model.format.format(cell.value, cell.kind),
          options: {
            bold: isTotal,
            align: cell.kind === "text" ? "left" : "right",
            fill: { color: i % 2 === 1 ? "F1F4F8" : "FFFFFF" },
          } as const,
        }));
      });
      slide.addTable([header, ...body], {
        x: LEFT,
        y: 1.1,
        w: CONTENT_W,
        fontSize: table.columns.length > 8 ? 9 : 11,
        color: TEXT,
        border: { type: "solid", pt: 0.5, color: "DDDDEE" },
        valign: "middle",
      });
      if (formulas.length > 0) {
        slide.addText(formulas.map((c) => `${c.label} = ${c.formula}`).join(" · "), {
          x: LEFT,
          y: 6.35,
          w: CONTENT_W,
          h: 0.6,
          fontSize: 8,
          color: GREY,
          valign: "bottom",
        });
      }
    }
  }

  network(page: ReportModel["networks"][number]): void {
    const slide = this.slide(page.network);
    const perRow = 5;
    const boxW = (CONTENT_W - (perRow - 1) * 0.2) / perRow;
    const boxH = 2.5;
    page.figures.forEach((figure, i) => {
      const x = LEFT + (i % perRow) * (boxW + 0.2);
      const y = 1.3 + Math.floor(i / perRow) * (boxH + 0.3);
      slide.addShape("rect", {
        x,
        y,
        w: boxW,
        h: boxH,
        fill: { color: "F1F4F8" },
        line: { color: "DDDDEE" },
      });
      slide.addShape("rect", { x, y, w: 0.08, h: boxH, fill: { color: this.accent } });
      slide.addText(figure.label, {
        x: x + 0.2,
        y: y + 0.1,
        w: boxW - 0.3,
        h: 0.7,
        fontSize: 12,
        color: GREY,
        valign: "top",
      });
      slide.addText(this.model.format.format(figure.cell.value, figure.cell.kind), {
        x: x + 0.2,
        y: y + 0.8,
        w: boxW - 0.3,
        h: 0.8,
        fontSize: 24,
        bold: true,
        color: this.primary,
      });
      slide.addText(figure.formula, {
        x: x + 0.2,
        y: y + 1.6,
        w: boxW - 0.3,
        h: 0.8,
        fontSize: 9,
        color: GREY,
        valign: "top",
      });
    });
  }
}
