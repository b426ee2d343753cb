import type { FileProbe } from "../probe-file.js";
import { findColumn, localTimestampSql } from "./shared.js";

/** LinkedIn page analytics exports: shared conventions of its content, posts, followers and visitors sheets. */

export const LINKEDIN_DATE_FORMATS = ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%Y %H:%M"];

/** `acme_content_1710500000000.xls` → `acme` (the page, which the sheets themselves do not name). */
export function linkedinPage(probe: FileProbe): string | undefined {
  return /^(.+?)_(content|followers|visitors|updates)_\d+/.exec(probe.fileName)?.[1];
}

export function linkedinDateSql(column: string) {
  return localTimestampSql(column, LINKEDIN_DATE_FORMATS);
}

/** LinkedIn renamed `Shares` to `Reposts`; both are read, and the user is told which one was. */
export function repostColumn(probe: FileProbe, suffix = ""): string | undefined {
  return findColumn(probe, `Reposts${suffix}`, `Shares${suffix}`);
}

export function repostWarnings(probe: FileProbe, suffix = ""): string[] {
  return findColumn(probe, `Shares${suffix}`) && !findColumn(probe, `Reposts${suffix}`)
    ? [`"Shares${suffix}" recognised as LinkedIn's renamed "Reposts${suffix}"`]
    : [];
}
