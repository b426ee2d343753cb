import PDFDocument from "pdfkit";
import type { BarChart, Cell, ReportModel, ReportSection, ReportTable } from "../model.js";

type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";
const BODY_SIZE = 10;
const TABLE_SIZE = 8;
const CELL_PAD = 4;
const TEXT_COLUMN_MAX = 230;
const TEXT_COLUMN_MIN = 60;
const GREY = "#5a6470";
const SERIES_GREYS = ["#7a8a99", "#4caf7d", "#b5495b"];

/**
 * The standard PDF fonts only know the Windows-1252 characters; the few others the report writes
 * get their plain equivalent rather than a wrong glyph.
 */
const PDF_REPLACEMENTS: Record<string, string> = {
  "\u2212": "-",
  "\u202f": "\u00a0",
  "\u03a3": "sum of",
  "\u2192": "->",
  "\u2264": "<=",
  "\u2265": ">=",
};
const WIN_ANSI_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
function pdfText(text: string): string {
  return [...text]
    .map((ch) => {
      const replacement = PDF_REPLACEMENTS[ch];
      if (replacement !== undefined) return replacement;
      return ch.charCodeAt(0) <= 0xff || WIN_ANSI_EXTRAS.has(ch) ? ch : "?";
    })
    .join("");
}

/** The PDF report: A4 landscape so the wide ROI tables stay readable; charts drawn as vectors. */
export async function renderPdf(model: ReportModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: MARGIN,
    bufferPages: true,
    info: { Title: pdfText(model.title), Author: pdfText(model.company), Creator: "socialroi" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const page = new PdfPage(doc, model);
  page.cover();
  for (const section of model.sections) page.section(section);
  page.footers();
  doc.end();
  return done;
}

class PdfPage {
  private readonly width: number;

  constructor(
    private readonly doc: Doc,
    private readonly model: ReportModel,
  ) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN - 14;
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private fmt(cell: Cell): string {
    return pdfText(this.model.format.format(cell.value, cell.kind));
  }

  cover(): void {
    const { doc, model } = this;
    const { branding } = model;
    const top = MARGIN;
    let textLeft = MARGIN;
    // pdfkit embeds PNG but cannot draw SVG without an extra converter: an SVG logo is left to the other formats.
    if (branding.logo?.mime === "image/png") {
      doc.image(Buffer.from(branding.logo.base64, "base64"), MARGIN, top, { fit: [110, 48] });
      textLeft = MARGIN + 125;
    }
    doc.fillColor(branding.primaryColor).font(BOLD).fontSize(20).text(pdfText(model.title), textLeft, top);
    doc.fillColor("#1d2433").font(FONT).fontSize(11).text(pdfText(model.company), textLeft);
    const lines = [model.periodLine, model.comparisonLine].filter((l) => l !== null).join("   ·   ");
    doc.fillColor(GREY).fontSize(9).text(pdfText(lines), textLeft);
    const ruleY = Math.max(doc.y, top + 50) + 6;
    doc
      .moveTo(MARGIN, ruleY)
      .lineTo(MARGIN + this.width, ruleY)
      .lineWidth(3)
      .stroke(branding.primaryColor);
    doc.x = MARGIN;
    doc.y = ruleY + 10;
  }

  section(section: ReportSection): void {
    const { doc, model } = this;
    if (section.id !== model.sections[0]?.id) this.ensureSpace(120);
    doc.moveDown(0.6);
    doc.fillColor(model.branding.primaryColor).font(BOLD).fontSize(14).text(pdfText(section.title), MARGIN);
    doc.moveDown(0.3);
    doc.font(FONT).fontSize(BODY_SIZE).fillColor("#1d2433");
    for (const paragraph of section.paragraphs) {
      this.ensureSpace(doc.heightOfString(pdfText(paragraph), { width: this.width }));
      doc.text(pdfText(paragraph), MARGIN, doc.y, { width: this.width });
      doc.moveDown(0.3);
    }
    for (const chart of section.charts) if (chart.categories.length > 0) this.chart(chart);
    for (const table of section.tables) this.table(table);
    for (const bullet of section.bullets) {
      doc.font(FONT).fontSize(BODY_SIZE).fillColor("#1d2433");
      const text = pdfText(bullet);
      this.ensureSpace(doc.heightOfString(text, { width: this.width - 12 }));
      const y = doc.y;
      doc.circle(MARGIN + 3, y + 5, 1.6).fill(model.branding.accentColor);
      doc.fillColor("#1d2433").text(text, MARGIN + 12, y, { width: this.width - 12 });
      doc.moveDown(0.2);
    }
  }

  /** Horizontal grouped bars, one group per category, scaled from zero to the largest value. */
  private chart(chart: BarChart): void {
    const { doc, model } = this;
    const colors = [model.branding.primaryColor, model.branding.accentColor, ...SERIES_GREYS];
    const barHeight = 9;
    const groupGap = 7;
    const groupHeight = chart.series.length * barHeight + groupGap;
    const legendHeight = 16;
    const height = legendHeight + chart.categories.length * groupHeight + 8;
    this.ensureSpace(height + 10);
    doc.font(FONT).fontSize(8);
    const labels = chart.categories.map(pdfText);
    const labelWidth = Math.min(200, Math.max(...labels.map((l) => doc.widthOfString(l))) + 8);
    const valueRoom = 70;
    const plotLeft = MARGIN + labelWidth;
    const plotWidth = Math.min(this.width * 0.75, this.width - labelWidth - valueRoom);
    const values = chart.series.flatMap((s) => s.values);
    const max = Math.max(0, ...values);
    const min = Math.min(0, ...values);
    const span = max - min || 1;
    const x = (v: number) => plotLeft + ((v - min) / span) * plotWidth;
    let y = doc.y;
    let legendX = plotLeft;
    chart.series.forEach((series, i) => {
      doc.rect(legendX, y + 1, 8, 8).fill(colors[i % colors.length]!);
      const name = pdfText(series.name);
      doc.fillColor("#1d2433").text(name, legendX + 11, y + 1, { lineBreak: false });
      legendX += doc.widthOfString(name) + 26;
    });
    y += legendHeight;
    labels.forEach((label, c) => {
      const groupTop = y + c * groupHeight;
      doc.fillColor("#1d2433").text(label, MARGIN, groupTop + (groupHeight - groupGap) / 2 - 4, {
        width: labelWidth - 6,
        lineBreak: false,
      });
      chart.series.forEach((series, i) => {
        const value = series.values[c] ?? 0;
        const left = Math.min(x(0), x(value));
        const barY = groupTop + i * barHeight;
        doc
          .rect(left, barY, Math.max(0.5, Math.abs(x(value) - x(0))), barHeight - 1.5)
          .fill(colors[i % colors.length]!);
        doc
          .fillColor(GREY)
          .fontSize(7)
          .text(pdfText(model.format.format(value, chart.kind)), Math.max(x(value), x(0)) + 3, barY + 1, {
            lineBreak: false,
          });
        doc.fontSize(8);
      });
    });
    doc
      .moveTo(x(0), y - 2)
      .lineTo(x(0), y + chart.categories.length * groupHeight - groupGap + 2)
      .lineWidth(0.5)
      .stroke(GREY);
    doc.x = MARGIN;
    doc.y = y + chart.categories.length * groupHeight + 6;
  }

  private columnWidths(table: ReportTable, rows: Cell[][]): number[] {
    const { doc } = this;
    doc.font(FONT).fontSize(TABLE_SIZE);
    const natural = table.columns.map((column, i) => {
      const cells = rows.map((r) => (r[i] ? doc.widthOfString(this.fmt(r[i]!)) : 0));
      doc.font(BOLD);
      const longestWord = Math.max(
        ...pdfText(column.label)
          .split(/\s+/)
          .map((w) => doc.widthOfString(w)),
      );
      doc.font(FONT);
      const width = Math.max(longestWord, ...cells) + 2 * CELL_PAD;
      return column.kind === "text" ? Math.min(TEXT_COLUMN_MAX, Math.max(TEXT_COLUMN_MIN, width)) : width;
    });
    const total = natural.reduce((a, b) => a + b, 0);
    return natural.map((w) => (w * this.width) / total);
  }

  private table(table: ReportTable): void {
    const { doc, model } = this;
    const rows = table.total ? [...table.rows, table.total] : table.rows;
    const widths = this.columnWidths(table, rows);
    const headerHeight = () => {
      doc.font(BOLD).fontSize(TABLE_SIZE);
      return (
        Math.max(
          ...table.columns.map((c, i) =>
            doc.heightOfString(pdfText(c.label), { width: widths[i]! - 2 * CELL_PAD }),
          ),
        ) +
        2 * CELL_PAD
      );
    };
    const drawHeader = () => {
      const height = headerHeight();
      const y = doc.y;
      doc.rect(MARGIN, y, this.width, height).fill(model.branding.primaryColor);
      let x = MARGIN;
      table.columns.forEach((column, i) => {
        doc.fillColor("#ffffff").text(pdfText(column.label), x + CELL_PAD, y + CELL_PAD, {
          width: widths[i]! - 2 * CELL_PAD,
          align: column.kind === "text" ? "left" : "right",
        });
        x += widths[i]!;
      });
      doc.y = y + height;
    };
    const formulas = table.columns.filter((c) => c.formula && c.kind !== "text");
    const footnote =
      formulas.length > 0
        ? pdfText(
            model.words.labelled(
              model.words.howComputed,
              formulas.map((c) => `${c.label} = ${c.formula}`).join(" · "),
            ),
          )
        : null;
    doc.font(FONT).fontSize(7);
    // The footnote stays with the table's last row rather than opening the next page alone.
    const footnoteHeight = footnote ? doc.heightOfString(footnote, { width: this.width }) + 4 : 0;
    doc.font(BOLD).fontSize(9).fillColor("#1d2433");
    this.ensureSpace(headerHeight() + 40);
    doc.text(pdfText(table.title), MARGIN, doc.y + 4);
    doc.moveDown(0.2);
    drawHeader();
    rows.forEach((cells, r) => {
      const isTotal = table.total !== undefined && r === rows.length - 1;
      doc.font(isTotal ? BOLD : FONT).fontSize(TABLE_SIZE);
      const texts = cells.map((c) => this.fmt(c));
      const height =
        Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * CELL_PAD }))) +
        2 * CELL_PAD;
      const reserve = r === rows.length - 1 ? footnoteHeight : 0;
      if (doc.y + height + reserve > this.bottom) {
        doc.addPage();
        drawHeader();
        doc.font(isTotal ? BOLD : FONT).fontSize(TABLE_SIZE);
      }
      const y = doc.y;
      if (r % 2 === 1 && !isTotal) doc.rect(MARGIN, y, this.width, height).fill("#f1f4f8");
      if (isTotal)
        doc
          .moveTo(MARGIN, y)
          .lineTo(MARGIN + this.width, y)
          .lineWidth(1)
          .stroke(model.branding.accentColor);
      let x = MARGIN;
      texts.forEach((text, i) => {
        doc.fillColor("#1d2433").text(text, x + CELL_PAD, y + CELL_PAD, {
          width: widths[i]! - 2 * CELL_PAD,
          align: cells[i]?.kind === "text" ? "left" : "right",
        });
        x += widths[i]!;
      });
      doc.y = y + height;
    });
    if (footnote) {
      doc
        .font(FONT)
        .fontSize(7)
        .fillColor(GREY)
        .text(footnote, MARGIN, doc.y + 3, { width: this.width });
    }
    doc.x = MARGIN;
    doc.moveDown(0.8);
  }

  /** Page numbers need the page count, so they are written once every page exists. */
  footers(): void {
    const { doc, model } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing inside the bottom margin would otherwise make pdfkit open a new page.
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - MARGIN + 8;
      doc.font(FONT).fontSize(7).fillColor(GREY);
      doc.text(pdfText(`${model.company} · ${model.title}`), MARGIN, y, {
        width: this.width / 2,
        lineBreak: false,
      });
      doc.text(pdfText(model.words.page(i + 1, range.count)), MARGIN + this.width / 2, y, {
        width: this.width / 2,
        align: "right",
        lineBreak: false,
      });
      doc.page.margins.bottom = bottomMargin;
    }
  }
}
