import type { FileFormat, TableMapping } from "../file-format.js";
import { quoteIdent } from "../sql-parse.js";
import { attributionColumns } from "./sales-shared.js";
import { findColumn, headerScore, requireColumn } from "./shared.js";

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
    const status = findColumn(probe, "Status");
    const description = findColumn(probe, "Description");
    const refunded = findColumn(probe, "Amount Refunded");
    const customer = [findColumn(probe, "Customer ID"), findColumn(probe, "Customer Email")].filter(
      (c) => c !== undefined,
    );
    const created = quoteIdent(requireColumn(probe, "Created date (UTC)", "Created (UTC)"));
    const payment = {
      conversion_id: requireColumn(probe, "id"),
      // The export's times are UTC whatever the workspace's time zone.
      occurred_at: { sql: `nullif(trim(${created}), '') || '+00:00'` },
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
    const succeeded = status
      ? `lower(trim(${quoteIdent(status)})) IN ('paid', 'succeeded', 'refunded', 'partially refunded')`
      : "true";
    const sales: TableMapping = {
      target: "conversions",
      where: succeeded,
      columns: { ...payment, type: { sql: "'sale'" }, value: requireColumn(probe, "Amount") },
    };
    if (!refunded) return [sales];
    const refunds: TableMapping = {
      target: "conversions",
      where: `${succeeded} AND TRY_CAST(nullif(trim(${quoteIdent(refunded)}), '') AS DOUBLE) > 0`,
      columns: { ...payment, type: { sql: "'refund'" }, value: refunded },
    };
    return [sales, refunds];
  },
};
