import { quoteIdent, quoteLiteral } from "../../store/sql-text.js";
import type { ColumnSource, TableMapping } from "../file-format.js";
import { ImportError } from "../import-error.js";
import type { FileProbe } from "../probe-file.js";
import {
  amountSql,
  currencyInHeader,
  findColumn,
  literal,
  localTimestampSql,
  skippingRows,
  totalRows,
} from "./shared.js";

/** Shared by the ad platforms' campaign reports: each row becomes an `ads` cost of one network. */

/** Dates written with month names; slashed ones go to the importer as they are (see FileFormat.slashedDates). */
const AD_DATE_FORMATS = ["%Y-%m-%d", "%b %d, %Y", "%a, %b %d, %Y", "%Y-%m-%d %H:%M:%S"];

export interface AdReport {
  network: string;
  platform: string;
  campaign: string;
  spend: string;
  start: ColumnSource;
  /** Last day of the period a row covers; absent when each row is one day. */
  end?: ColumnSource;
  /** Currency column names to look for when the spend header does not name it. */
  currencyColumns?: string[];
}

export function adDate(column: string): ColumnSource {
  return localTimestampSql(column, AD_DATE_FORMATS);
}

function currencySource(probe: FileProbe, report: AdReport): ColumnSource {
  const column = findColumn(probe, ...(report.currencyColumns ?? ["Currency", "Currency code"]));
  if (column) return column;
  const named = currencyInHeader(report.spend);
  if (named) return literal(named);
  throw new ImportError(probe.fileName, [
    {
      row: 0,
      column: report.spend,
      expected: `a currency: a "Currency" column or a header such as "${report.spend} (EUR)"`,
    },
  ]);
}

/**
 * Spend as costs (category `ads`, spread over the row's period when it has one); impressions, clicks,
 * results and every other figure stay on the row as raw data for paid metrics.
 */
export function adSpendMappings(probe: FileProbe, report: AdReport): TableMapping[] {
  return [
    {
      target: "costs",
      ...skippingRows([
        ...totalRows(report.campaign),
        {
          when: `nullif(nullif(trim(${quoteIdent(report.spend)}), '--'), '') IS NULL`,
          reason: quoteLiteral(`rows without spend ("${report.spend}" empty or --)`),
        },
      ]),
      columns: {
        date: report.start,
        ...(report.end ? { end_date: report.end } : {}),
        category: literal("ads"),
        amount: amountSql(report.spend),
        currency: currencySource(probe, report),
        network: literal(report.network),
        campaign: report.campaign,
        description: literal(`${report.platform} campaign spend`),
      },
    },
  ];
}
