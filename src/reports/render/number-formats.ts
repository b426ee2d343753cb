import { FRACTION_DIGITS } from "../../i18n/format-figure.js";
import type { CellKind } from "../../i18n/reports/index.js";
import type { ReportModel } from "../model.js";

/** "#,##0.00" for two fraction digits: the fixed digits reports write every figure with. */
const digits = (places: number) => (places > 0 ? `.${"0".repeat(places)}` : "");

/**
 * Office number formats by figure kind (Excel cells, PowerPoint chart labels): the viewer's own
 * separators apply, the currency symbol and its side are the reader's.
 */
export function officeNumberFormats(model: ReportModel): Record<Exclude<CellKind, "text">, string> {
  const { symbol, before } = model.format.currencySymbol;
  const quoted = `"${symbol}"`;
  const money = `#,##0${digits(FRACTION_DIGITS.money)}`;
  return {
    money: before ? `${quoted} ${money}` : `${money} ${quoted}`,
    count: `#,##0${digits(FRACTION_DIGITS.count)}`,
    decimal: `#,##0${digits(FRACTION_DIGITS.decimal)}`,
    multiple: `#,##0${digits(FRACTION_DIGITS.multiple)}"×"`,
    percent: `0${digits(FRACTION_DIGITS.percent)}%`,
    date: model.lang === "nl" ? "dd-mm-yyyy" : "dd/mm/yyyy",
  };
}
