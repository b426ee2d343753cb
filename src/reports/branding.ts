import { z } from "zod";
import { recordChange } from "../audit/record-change.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

export interface Logo {
  mime: "image/png" | "image/svg+xml";
  base64: string;
}

export interface Branding {
  company: string | null;
  /** Headings, table headers and the first chart series. */
  primaryColor: string;
  /** The second chart series and rules. */
  accentColor: string;
  logo: Logo | null;
}

export const DEFAULT_BRANDING: Branding = {
  company: null,
  primaryColor: "#1f4e79",
  accentColor: "#e07b39",
  logo: null,
};

const HEX_COLOR = /^#[0-9a-f]{6}$/i;
export function isHexColor(value: string): boolean {
  return HEX_COLOR.test(value);
}

/** PNG files start with these eight bytes; an SVG is XML text containing an <svg element. */
export function logoFromBytes(bytes: Buffer): Logo | null {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.subarray(0, 8).equals(png)) return { mime: "image/png", base64: bytes.toString("base64") };
  if (/<svg[\s>]/i.test(bytes.subarray(0, 4096).toString("utf8"))) {
    return { mime: "image/svg+xml", base64: bytes.toString("base64") };
  }
  return null;
}

/** The workspace's saved branding; a column left empty takes the default. Parameters: $ws. */
const savedBranding = defineQuery(
  "reports/branding",
  z.object({
    company: z.string().nullable(),
    primary_color: z.string().nullable(),
    accent_color: z.string().nullable(),
    logo_base64: z.string().nullable(),
    logo_mime: z.enum(["image/png", "image/svg+xml"]).nullable(),
  }),
  {
    duckdb:
      "SELECT company, primary_color, accent_color, logo_base64, logo_mime FROM report_branding WHERE workspace_id = $ws",
  },
);

export async function readBranding(store: Store, workspaceId: string): Promise<Branding> {
  const [row] = await runQuery(store, savedBranding, { ws: workspaceId });
  if (!row) return DEFAULT_BRANDING;
  return {
    company: row.company,
    primaryColor: row.primary_color ?? DEFAULT_BRANDING.primaryColor,
    accentColor: row.accent_color ?? DEFAULT_BRANDING.accentColor,
    logo: row.logo_base64 && row.logo_mime ? { mime: row.logo_mime, base64: row.logo_base64 } : null,
  };
}

/** Changes only what is given; the rest of the workspace's branding stays as it was. */
export async function saveBranding(
  store: Store,
  workspaceId: string,
  changes: Partial<Branding>,
): Promise<Branding> {
  return store.transaction(async () => {
    const before = await readBranding(store, workspaceId);
    const next = { ...before, ...changes };
    await store.run(
      `INSERT OR REPLACE INTO report_branding (workspace_id, company, primary_color, accent_color, logo_base64, logo_mime, updated_at)
       VALUES ($ws, $company, $primary, $accent, $logo, $mime, now())`,
      {
        ws: workspaceId,
        company: next.company,
        primary: next.primaryColor,
        accent: next.accentColor,
        logo: next.logo?.base64 ?? null,
        mime: next.logo?.mime ?? null,
      },
    );
    // Unbranded until now: the defaults were shown, none set.
    await recordChange(store, { workspaceId, object: "branding", objectId: undefined, before, after: next });
    return next;
  });
}
