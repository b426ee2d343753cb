import type { FileProbe } from "../probe-file.js";
import { exportedName, findColumn } from "./shared.js";

/** LinkedIn page analytics exports: shared conventions of its content, posts, followers and visitors sheets. */

/** `acme_content_1710500000000.xls` → `acme` (the page, which the sheets themselves do not name). */
export function linkedinPage(probe: FileProbe): string | undefined {
  return /^(.+?)_(content|followers|visitors|updates)_\d+/.exec(exportedName(probe))?.[1];
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
