import nodemailer from "nodemailer";
import { z } from "zod";
import { recordChange } from "../audit/record-change.js";
import { defineQuery, runQuery } from "../store/query.js";
import type { Store } from "../store/store.js";

export const smtpSettingsSchema = z.object({
  host: z.string().trim().min(1),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().nullable().default(null),
  pass: z.string().nullable().default(null),
  from: z.string().trim().min(3),
});
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

/** The workspace's SMTP settings, under the names of `SmtpSettings`. Parameters: $ws. */
const smtpSettings = defineQuery(
  "reports/smtp-settings",
  z.object({
    host: z.string(),
    port: z.number(),
    secure: z.boolean(),
    user: z.string().nullable(),
    pass: z.string().nullable(),
    from: z.string(),
  }),
  {
    duckdb: `SELECT host, port, secure, username AS user, password AS pass, from_address AS "from"
     FROM report_smtp WHERE workspace_id = $ws`,
  },
);

export async function saveSmtpSettings(
  store: Store,
  workspaceId: string,
  input: z.input<typeof smtpSettingsSchema>,
): Promise<SmtpSettings> {
  const settings = smtpSettingsSchema.parse(input);
  await store.transaction(async () => {
    const before = await readSmtpSettings(store, workspaceId);
    await store.run(
      `INSERT OR REPLACE INTO report_smtp (workspace_id, host, port, secure, username, password, from_address, updated_at)
       VALUES ($ws, $host, $port, $secure, $user, $pass, $from, now())`,
      { ws: workspaceId, ...settings },
    );
    await recordChange(store, { workspaceId, object: "smtp", objectId: undefined, before, after: settings });
  });
  return settings;
}

export async function readSmtpSettings(store: Store, workspaceId: string): Promise<SmtpSettings | undefined> {
  const [row] = await runQuery(store, smtpSettings, { ws: workspaceId });
  return row;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export async function sendMail(
  settings: SmtpSettings,
  message: { to: string[]; subject: string; text: string; attachments: MailAttachment[] },
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? "" } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
  try {
    await transport.sendMail({ from: settings.from, ...message });
  } finally {
    transport.close();
  }
}
