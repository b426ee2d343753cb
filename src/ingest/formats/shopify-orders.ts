import { quoteIdent, quoteLiteral } from "../../store/sql-text.js";
import type { FileFormat, TableMapping } from "../file-format.js";
import { attributionColumns, refundedSql } from "./sales-shared.js";
import { findColumn, headerScore, requireColumn, skippingRows } from "./shared.js";

/** `2024-03-15 10:22:33 +0100` as ISO 8601 with an offset. */
function shopifyTimeSql(column: string): string {
  return `regexp_replace(trim(${quoteIdent(column)}), '^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d) ([+-]\\d\\d)(\\d\\d)$', '\\1T\\2\\3:\\4')`;
}

/** Financial statuses of orders that were never paid: no sale. */
const UNPAID_STATUSES = ["voided", "pending", "authorized", "expired"];

/**
 * Shopify orders export. An order with several line items repeats its `Name` on one line per item,
 * with the order's own fields (status, totals, dates) only on the first: only that line is read.
 */
export const shopifyOrders: FileFormat = {
  name: "shopify-orders",
  description:
    "Shopify orders export (Name, Email, Financial Status, Total, Refunded Amount, Note Attributes, …) → conversions, customers",
  detect(probe) {
    return headerScore(
      probe,
      [["Name"], ["Financial Status"], ["Lineitem name"], ["Total"]],
      [
        "Email",
        "Paid at",
        "Created at",
        "Currency",
        "Refunded Amount",
        "Note Attributes",
        "Subtotal",
        "Shipping",
      ],
    );
  },
  mappings(probe) {
    const col = (name: string) => quoteIdent(requireColumn(probe, name));
    const status = col("Financial Status");
    const refunded = findColumn(probe, "Refunded Amount");
    const shopSource = findColumn(probe, "Source");
    const landing = ["Landing Site", "Landing site", "Referring Site"]
      .map((c) => findColumn(probe, c))
      .filter((c) => c !== undefined);
    const texts = [findColumn(probe, "Note Attributes"), findColumn(probe, "Notes"), ...landing]
      .filter((c) => c !== undefined)
      .map((c) => quoteIdent(c));
    const email = findColumn(probe, "Email");
    const order = {
      // Order names (`#1017`) restart in every store; the order id is unique across stores (the
      // name is then kept as raw data).
      conversion_id: findColumn(probe, "Id") ?? requireColumn(probe, "Name"),
      // The export has no refund date, so a refund is dated on its order.
      occurred_at: { sql: shopifyTimeSql(requireColumn(probe, "Created at")) },
      currency: requireColumn(probe, "Currency"),
      ...(email ? { customer_id: { sql: `lower(nullif(trim(${quoteIdent(email)}), ''))` } } : {}),
      ...attributionColumns(texts, { shopSource: shopSource ? [quoteIdent(shopSource)] : [] }),
    };
    const firstLine = `nullif(trim(${status}), '') IS NOT NULL`;
    const sales: TableMapping = {
      target: "conversions",
      label: "sales",
      ...skippingRows([
        { when: `NOT (${firstLine})`, reason: "'further line items of an order (read from its first line)'" },
        {
          when: `lower(trim(${status})) IN (${UNPAID_STATUSES.map(quoteLiteral).join(", ")})`,
          reason: `'financial status ' || lower(trim(${status}))`,
        },
      ]),
      columns: { ...order, type: { sql: "'sale'" }, value: requireColumn(probe, "Total") },
    };
    if (!refunded) return [sales];
    const refunds: TableMapping = {
      target: "conversions",
      label: "refunds",
      where: `${firstLine} AND ${refundedSql(refunded)}`,
      columns: { ...order, type: { sql: "'refund'" }, value: refunded },
    };
    return [sales, refunds];
  },
};
