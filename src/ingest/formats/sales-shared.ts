import { networkSql, utmParameterSql } from "../../channels/channel-grouping.js";
import { quoteIdent } from "../../store/sql-text.js";
import type { ColumnSource } from "../file-format.js";
import { blankToNull, numberSql } from "../sql-parse.js";

/** Shared by the shop and payment exports: attribution, refund and skipped-row rules. */

/** The first non-empty of several SQL text expressions. */
function firstOf(expressions: string[]): string {
  return expressions.length
    ? `coalesce(${expressions.map((e) => `nullif(trim(${e}), '')`).join(", ")})`
    : "NULL";
}

/**
 * Network, campaign and socialroi click id from utm parameters and `sr_id` in the given text
 * expressions. `shopSource` (the channel the shop itself recorded, e.g. Shopify's `Source`)
 * credits a network only when no utm source and no click id say otherwise: those describe the
 * visit that led to the sale, the shop's channel only where the order was placed.
 */
export function attributionColumns(
  texts: string[],
  direct: { source?: string[]; campaign?: string[]; clickId?: string[]; shopSource?: string[] } = {},
): Record<string, ColumnSource> {
  const source = firstOf([...(direct.source ?? []), ...texts.map((t) => utmParameterSql(t, "utm_source"))]);
  const clickId = firstOf([...(direct.clickId ?? []), ...texts.map((t) => utmParameterSql(t, "sr_id"))]);
  const shopSource = firstOf(direct.shopSource ?? []);
  return {
    network: { sql: networkSql(`coalesce(${source}, CASE WHEN ${clickId} IS NULL THEN ${shopSource} END)`) },
    campaign: {
      sql: firstOf([...(direct.campaign ?? []), ...texts.map((t) => utmParameterSql(t, "utm_campaign"))]),
    },
    click_id: { sql: clickId },
  };
}

/**
 * True for a refund cell that is not blank and not zero. A zero is zero in every number style, so
 * this needs no guess of the file's locale; any other text, a number or not, goes on to the
 * importer, which reads it in the file's style like every amount or refuses it with its own value.
 */
export function refundedSql(column: string): string {
  const cell = quoteIdent(column);
  return `coalesce(${numberSql(cell, { decimal: ",", dates: "iso" })} <> 0, ${blankToNull(cell)} IS NOT NULL)`;
}
