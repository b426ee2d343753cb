import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type JSZip from "jszip";
import type { Workspace } from "../../src/domain/workspace.js";
import { importFile } from "../../src/ingest/import-file.js";
import { DEFAULT_BRANDING } from "../../src/reports/branding.js";
import { buildReport, type ReportRequest } from "../../src/reports/model.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { defaultWorkspace, updateWorkspace } from "../../src/store/workspaces.js";

export const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

const FILES: Record<string, string> = {
  "posts.csv": `post_id,network,published_at,type,text,campaign,impressions,reach,engagements,likes,comments,shares,link_clicks
fb-1,facebook,2026-03-02T09:00:00Z,photo,Our eBook is out: 40 pages on social ROI,ebook-launch,12000,8000,540,400,60,80,210
fb-2,facebook,2026-03-16T09:00:00Z,video,"=HYPERLINK(""http://evil"") click me",ebook-launch,9000,6000,300,250,30,20,90
ig-1,instagram,2026-03-03T18:30:00+01:00,reel,Behind the scenes of the eBook,ebook-launch,30000,21000,1900,1500,250,150,0
ig-2,instagram,2026-03-20T12:00:00Z,photo,+33 tips for your feed,,15000,11000,600,500,60,40,0
x-1,x,2026-03-04 12:15,status,"Thread: 5 ways to measure ""real"" ROI",,4200,,160,90,20,30,55
li-1,linkedin,2026-03-05T08:00:00Z,link,Download the eBook,ebook-launch,8000,5200,310,200,40,70,180
li-2,linkedin,2026-03-25T08:00:00Z,link,@team what we learned,,6000,4000,120,90,10,20,40
fb-0,facebook,2026-02-10T09:00:00Z,photo,February teaser,,5000,3000,100,80,10,10,30
`,
  "costs.csv": `date,end_date,category,amount,currency,network,campaign,description,recurrence
2026-03-01,2026-03-31,ads,1234.56,EUR,facebook,ebook-launch,Facebook ads,
2026-03-01,2026-03-31,ads,800,EUR,linkedin,ebook-launch,LinkedIn ads,
2026-03-01,,tools,99,EUR,,,Scheduler,monthly
2026-03-10,,content,1500,EUR,,ebook-launch,Freelance designer,
2026-02-01,2026-02-28,ads,500,EUR,facebook,,February ads,
`,
  "conversions.csv": `conversion_id,occurred_at,type,value,currency,network,campaign,customer_id,click_id
l-1,2026-03-03T10:00:00Z,lead,,,facebook,ebook-launch,c1,
l-2,2026-03-04T10:00:00Z,lead,,,facebook,ebook-launch,c2,
l-3,2026-03-06T10:00:00Z,lead,,,linkedin,ebook-launch,c3,
l-4,2026-03-07T10:00:00Z,lead,,,linkedin,ebook-launch,c4,
l-5,2026-03-08T10:00:00Z,lead,,,instagram,,c5,
s-1,2026-03-10T10:00:00Z,sale,2400,EUR,facebook,ebook-launch,c1,
s-2,2026-03-12T10:00:00Z,sale,1800,EUR,linkedin,ebook-launch,c3,
s-3,2026-03-14T10:00:00Z,sale,450.5,EUR,linkedin,ebook-launch,c4,
r-1,2026-03-20T10:00:00Z,refund,-450.5,EUR,linkedin,ebook-launch,c4,
s-0,2026-02-15T10:00:00Z,sale,900,EUR,facebook,,c9,
l-0,2026-02-12T10:00:00Z,lead,,,facebook,,c9,
`,
  "value_rules.csv": `outcome,unit_value,currency,valid_from,valid_to
lead,25,EUR,,
link_click,1,EUR,,
impressions_1000,5,EUR,,
`,
  "goals.csv": `goal,indicator,target,period_start,period_end,network
lead_conversion,leads,10,2026-03-01,2026-03-31,
sales_conversion,revenue,5000,2026-03-01,2026-03-31,
brand_image,impressions,100000,2026-01-01,2026-06-30,
`,
  "traffic.csv": `date,source,medium,campaign,sessions,users
2026-03-03,facebook,social,ebook-launch,400,350
2026-03-05,linkedin,social,ebook-launch,300,280
2026-03-06,instagram,social,,150,140
2026-03-07,google,organic,,900,800
`,
};

/** A workspace with a month of posts, costs, sales, value rules, goals and traffic on four networks. */
export async function seededStore(
  path = ":memory:",
  locale: Workspace["locale"] = "en",
): Promise<{ store: DuckDbStore; workspace: Workspace }> {
  const directory = mkdtempSync(join(tmpdir(), "socialroi-reports-"));
  const store = await DuckDbStore.open(path);
  let workspace = await defaultWorkspace(store);
  if (workspace.locale !== locale) workspace = await updateWorkspace(store, workspace.id, { locale });
  for (const [name, content] of Object.entries(FILES)) {
    const file = join(directory, name);
    writeFileSync(file, content);
    await importFile(store, workspace, { path: file, format: name.replace(".csv", "") });
  }
  return { store, workspace };
}

export async function seededReport(lang: Workspace["locale"], request: Partial<ReportRequest> = {}) {
  const { store, workspace } = await seededStore();
  const model = await buildReport(store, workspace, {
    period: PERIOD,
    lang,
    branding: DEFAULT_BRANDING,
    now: new Date("2026-04-02T00:00:00Z"),
    ...request,
  });
  return { store, workspace, model };
}

/** Text with every kind of space made an ordinary one, so expected figures can be typed plainly. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f\u2007]/g, " ");
}

const renderings = mkdtempSync(join(tmpdir(), "socialroi-renderings-"));

/** A rendered PDF's text, laid out as on the page, spaces made plain. */
export function pdfText(bytes: Buffer, name: string): string {
  const file = join(renderings, name);
  writeFileSync(file, bytes);
  return plainSpaces(execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }));
}

/** Office files escape apostrophes and ampersands in their XML. */
export function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/'/g, "&apos;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The XML parts of an Office file under a folder (`ppt/slides/slide`), e.g. each slide. */
export async function zipTexts(zip: JSZip, prefix: string): Promise<string[]> {
  const names = Object.keys(zip.files).filter((n) => n.startsWith(prefix) && n.endsWith(".xml"));
  return Promise.all(names.map((n) => zip.file(n)!.async("string")));
}
