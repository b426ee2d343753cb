import type { FigureKind } from "../i18n.js";
import type { ReportModel } from "../model.js";

/**
 * Office number formats by figure kind (Excel cells, PowerPoint chart labels): the viewer's own
 * separators apply, the currency symbol and its side are the reader's.
 */
export function officeNumberFormats(model: ReportModel): Record<Exclude<FigureKind, "text">, string> {
  const { symbol, before } = model.format.currencySymbol;
  const quoted = `"${symbol}"`;
  return {
    money: before ? `${quoted} #,##0.00` : `#,##0.00 ${quoted}`,
    count: "#,##0",
    decimal: "#,##0.00",
    percent: "0.0%",
    date: model.lang === "nl" ? "dd-mm-yyyy" : "dd/mm/yyyy",
  };
}
