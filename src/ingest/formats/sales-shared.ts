import { networkSql, utmParameterSql } from "../channel-grouping.js";
import type { ColumnSource } from "../file-format.js";

/** Shared by the shop and payment exports: attribution data found in free-text or metadata columns. */

/** The first non-empty of several SQL text expressions. */
function firstOf(expressions: string[]): string {
  return expressions.length
    ? `coalesce(${expressions.map((e) => `nullif(trim(${e}), '')`).join(", ")})`
    : "NULL";
}

/** Network, campaign and socialroi click id from utm parameters and `sr_id` in the given text expressions. */
export function attributionColumns(
  texts: string[],
  direct: { source?: string[]; campaign?: string[]; clickId?: string[] } = {},
): Record<string, ColumnSource> {
  const source = firstOf([...(direct.source ?? []), ...texts.map((t) => utmParameterSql(t, "utm_source"))]);
  return {
    network: { sql: networkSql(source) },
    campaign: {
      sql: firstOf([...(direct.campaign ?? []), ...texts.map((t) => utmParameterSql(t, "utm_campaign"))]),
    },
    click_id: { sql: firstOf([...(direct.clickId ?? []), ...texts.map((t) => utmParameterSql(t, "sr_id"))]) },
  };
}
