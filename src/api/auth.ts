import { z } from "zod";

export const FEATURES = ["links", "reports", "schedules", "branding", "attribution", "insights"] as const;

export const accessSchema = z.object({
  mode: z
    .enum(["local", "token"])
    .describe("local: the dashboard on this machine may get a session token; token: sign in with one"),
  authenticated: z.boolean().describe("The request's token is valid"),
  features: z.record(z.enum(FEATURES), z.boolean()).describe("Pages whose API this server serves"),
});
export type Access = z.infer<typeof accessSchema>;

export const tokenSchema = z.object({ token: z.string().describe("Send as Authorization: Bearer TOKEN") });

export const tokenListSchema = z.object({
  tokens: z.array(z.object({ token_id: z.string(), created_at: z.string() })),
});

export const revokedSchema = z.object({ revoked: z.string().describe("The token id revoked") });
