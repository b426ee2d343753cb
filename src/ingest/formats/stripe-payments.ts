import { quoteIdent, quoteLiteral } from "../../store/sql-text.js";
import type { FileFormat, TableMapping } from "../file-format.js";
import type { FileProbe } from "../probe-file.js";
import { detectValueStyle } from "../value-style.js";
import { attributionColumns, refundedSql } from "./sales-shared.js";
import { findColumn, headerScore, requireColumn, skippingRows, trimmed } from "./shared.js";

/** Statuses of payments that took money (a refund is recorded on its payment's line). */
const PAID_STATUSES = ["paid", "succeeded", "refunded", "partially refunded"];

/**
 * A time of the export, which is UTC, as ISO text with its offset. Stripe wrote seconds and no
 * offset (`2024-03-15 10:22:33`); older exports minutes and `+00:00`; a spreadsheet re-save writes
 * the day in its locale (`15/03/2024 10:22`). Other text passes through for the importer to quote.
 */
function utcTimeSql(probe: FileProbe, column: string): { sql: string; column: string } {
  const position = probe.header.indexOf(column);
  const { dates } = detectValueStyle(probe.sampleRows, [], [position], probe.delimiter);
  // ISO days stay readable in a re-saved file: a spreadsheet rewrites only the cells it recognised.
  const days = dates === "iso" ? ["%Y-%m-%d"] : [dates === "dmy" ? "%d/%m/%Y" : "%m/%d/%Y", "%Y-%m-%d"];
  const withTime = (suffix: string) =>
    days
      .flatMap((day) => [" %H:%M:%S", " %H:%M", "T%H:%M:%S", "T%H:%M"].map((t) => `${day}${t}${suffix}`))
      .map(quoteLiteral)
      .join(", ");
  const v = trimmed(column);
  const utc = `coalesce(try_strptime(${v}, [${withTime("")}]), timezone('UTC', try_strptime(${v}, [${withTime("%z")}])))`;
  return { sql: `coalesce(strftime(${utc}, '%Y-%m-%dT%H:%M:%S+00:00'), ${v})`, column };
}

/** Stripe dashboard payments export (`unified_payments.csv`); metadata appear as `<key> (metadata)` columns. */
export const stripePayments: FileFormat = {
  name: "stripe-payments",
  description:
    "Stripe payments export (id, Created date (UTC), Amount, Amount Refunded, Currency, Status, Customer ID, … (metadata)) → conversions, customers",
  detect(probe) {
    return headerScore(
      probe,
      [["id"], ["Created date (UTC)", "Created (UTC)"], ["Amount"], ["Currency"]],
      ["Amount Refunded", "Status", "Customer ID", "Customer Email", "Captured", "Fee", "Description"],
    );
  },
  mappings(probe) {
    const metadata = (key: string) => {
      const column = findColumn(probe, `${key} (metadata)`);
      return column ? [quoteIdent(column)] : [];
    };
    const id = requireColumn(probe, "id");
    const status = findColumn(probe, "Status");
    const description = findColumn(probe, "Description");
    const refunded = findColumn(probe, "Amount Refunded");
    const refundedDate = findColumn(probe, "Refunded date (UTC)");
    const customer = [findColumn(probe, "Customer ID"), findColumn(probe, "Customer Email")].filter(
      (c) => c !== undefined,
    );
    const created = utcTimeSql(probe, requireColumn(probe, "Created date (UTC)", "Created (UTC)"));
    const payment = {
      conversion_id: id,
      occurred_at: created,
      currency: requireColumn(probe, "Currency"),
      ...(customer.length
        ? {
            customer_id: {
              sql: `coalesce(${customer.map((c) => `nullif(trim(${quoteIdent(c)}), '')`).join(", ")})`,
            },
          }
        : {}),
      ...attributionColumns(description ? [quoteIdent(description)] : [], {
        source: metadata("utm_source"),
        campaign: metadata("utm_campaign"),
        clickId: [...metadata("sr_id"), ...metadata("client_reference_id")],
      }),
    };
    const skip = skippingRows([
      {
        // Stripe writes a payment-level line, without a charge id, seconds before the charge's own line.
        when: `nullif(${trimmed(id)}, '') IS NULL`,
        reason: "'payment lines without an id (the charge follows on its own line)'",
      },
      ...(status
        ? [
            {
              when: `coalesce(lower(trim(${quoteIdent(status)})), '') NOT IN (${PAID_STATUSES.map(quoteLiteral).join(", ")})`,
              reason: `'status ' || coalesce(nullif(lower(trim(${quoteIdent(status)})), ''), '(blank)')`,
            },
          ]
        : []),
    ]);
    const sales: TableMapping = {
      target: "conversions",
      label: "sales",
      ...skip,
      columns: { ...payment, type: { sql: "'sale'" }, value: requireColumn(probe, "Amount") },
    };
    if (!refunded) return [sales];
    const refundTime = refundedDate ? utcTimeSql(probe, refundedDate) : undefined;
    const refunds: TableMapping = {
      target: "conversions",
      label: "refunds",
      where: `${skip.where} AND ${refundedSql(refunded)}`,
      columns: {
        ...payment,
        ...(refundTime
          ? {
              occurred_at: {
                sql: `coalesce(nullif(${refundTime.sql}, ''), ${created.sql})`,
                column: refundedDate,
              },
            }
          : {}),
        type: { sql: "'refund'" },
        value: refunded,
      },
    };
    return [sales, refunds];
  },
};
