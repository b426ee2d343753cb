import { z } from "zod";

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export const uploadQuerySchema = z.object({
  filename: z
    .string()
    .min(1)
    .max(255)
    .describe("The file's name: the format is told by its header and extension"),
  format: z.string().max(100).optional().describe("A format name (socialroi import --help), or auto"),
});

const tableResultSchema = z.object({
  table: z.string(),
  label: z.string().describe("The table's name as a person reads it (sales, refunds)"),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  repeated: z.number().describe("Rows repeating a key seen earlier in the file (the first one is kept)"),
});

export const importReportSchema = z.object({
  file: z.string(),
  format: z.string(),
  rowsRead: z.number(),
  tables: z.array(tableResultSchema),
  skipped: z
    .array(z.object({ reason: z.string(), rows: z.number() }))
    .describe("Rows the format leaves out on purpose, by reason"),
  warnings: z.array(z.string()),
  dryRun: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importRunSchema = z.object({
  import_id: z.string(),
  file: z.string(),
  format: z.string(),
  rows_read: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  imported_at: z.string(),
});
export type ImportRun = z.infer<typeof importRunSchema>;
export const importRunsSchema = z.object({ imports: z.array(importRunSchema).describe("The latest 50") });

const cappedRefundSchema = z.object({
  conversion_id: z.string(),
  amount: z.number().describe("What was counted"),
  requested: z.number(),
  currency: z.string(),
  occurred_at: z.string(),
  source: z.string(),
  reference: z.string(),
});
export type CappedRefund = z.infer<typeof cappedRefundSchema>;

export const HELD_REASONS = ["waiting_for_rate", "unknown_sale", "other_currency"] as const;

const heldConversionSchema = z.object({
  conversion_id: z.string(),
  type: z.enum(["sale", "refund"]),
  reason: z.enum(HELD_REASONS),
  amount: z.number(),
  currency: z.string(),
  occurred_at: z.string(),
  source: z.string().describe("api, stripe or shopify; import for a file's row"),
  reference: z.string().describe("The invoice, order or refund id at the source"),
});
export type HeldConversion = z.infer<typeof heldConversionSchema>;

export const heldConversionsSchema = z.object({
  count: z.number().describe("How many are held; held lists the latest of them"),
  held: z.array(heldConversionSchema),
  capped: z.array(cappedRefundSchema).describe("Refunds counted for less than they asked"),
});
export type HeldConversions = z.infer<typeof heldConversionsSchema>;
