import { z } from "zod";
import { dateTimeField, nameField } from "../domain/input-bounds.js";
import { LOCALES } from "../domain/workspace.js";

export const FEATURES = ["links", "reports", "schedules", "branding", "attribution", "insights"] as const;

/**
 * What a route needs, from none to the most. "public": anyone. "account": a signed-in user, in no
 * workspace in particular. The others act on the request's workspace: "report" (its reports and
 * overview), "read" (everything in it), "write" (its data: imports, costs, rules, goals, links),
 * "track" (recording leads and sales), "manage" (its settings and tokens), "own" (deleting it, which
 * only its owners may, never a token). Who holds which level is one table (src/auth/access-levels.ts).
 */
export const ACCESS_LEVELS = [
  "public",
  "account",
  "report",
  "read",
  "write",
  "track",
  "manage",
  "own",
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
/** The levels that act on one workspace, which the request names or the caller's defaults. */
export type WorkspaceLevel = Exclude<AccessLevel, "public" | "account">;

/** Whether a level acts on a workspace (and so takes `?workspace=`). */
export function isWorkspaceLevel(level: AccessLevel): level is WorkspaceLevel {
  return level !== "public" && level !== "account";
}

/** The cookie holding a signed-in user's session id (HttpOnly), and the one holding its CSRF token. */
export const SESSION_COOKIE = "sr_session";
export const CSRF_COOKIE = "sr_csrf";
export const CSRF_HEADER = "x-csrf-token";

export const ROLES = ["owner", "admin", "editor", "viewer", "client"] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ["read", "write", "track", "manage"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const accessSchema = z.object({
  mode: z
    .enum(["local", "token"])
    .describe(
      "local: the dashboard on this machine may get a session token (no user exists yet); token: sign in with a token or an account",
    ),
  accounts: z.boolean().describe("Users exist: sign in with e-mail and password (POST /api/sign-in)"),
  authenticated: z.boolean().describe("The request's token or session is valid"),
  levels: z
    .array(z.enum(ACCESS_LEVELS))
    .describe("What the caller may do in the workspace the request names (or its first)"),
  features: z.record(z.enum(FEATURES), z.boolean()).describe("Pages whose API this server serves"),
});
export type Access = z.infer<typeof accessSchema>;

/** `?workspace=ID`, which every workspace route takes besides its own query. */
export const workspaceQueryField = z
  .string()
  .describe(
    "The workspace to act on: the caller's first (a token's own) when absent; 404 if not the caller's",
  );

export const tokenSchema = z.object({ token: z.string().describe("Send as Authorization: Bearer TOKEN") });

/** The longest password taken: scrypt reads it whole, so a megabyte of it would cost every sign-in. */
const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 10;

export const passwordField = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email("an e-mail address such as ann@example.com"));

export const tokenInputSchema = z
  .object({
    label: nameField.optional().describe("What the token is for, shown in the list"),
    scopes: z
      .array(z.enum(TOKEN_SCOPES))
      .min(1)
      .optional()
      .describe(
        "read: reports and every read; write: also change data; track: record leads and sales; manage: settings and tokens. All when absent",
      ),
    expires_at: dateTimeField
      .optional()
      .describe("When the token stops working (ISO 8601); never when absent"),
  })
  .describe("The new token's label, scopes and expiry, all optional");

export const tokenListSchema = z.object({
  tokens: z.array(
    z.object({
      token_id: z.string().describe("The token's id (the token itself is not kept)"),
      label: z.string().nullable().describe("What it is for"),
      scopes: z.array(z.enum(TOKEN_SCOPES)).describe("What it may do"),
      created_at: z.string().describe("When it was made (ISO 8601)"),
      expires_at: z.string().nullable().describe("When it stops working (ISO 8601); null: never"),
    }),
  ),
});

export const revokedSchema = z.object({ revoked: z.string().describe("The token id revoked") });

export const signInSchema = z.object({
  email: emailField.describe("The user's e-mail address"),
  password: z.string().max(MAX_PASSWORD_LENGTH).describe("The user's password"),
});

export const signedInSchema = z.object({
  user_id: z.string().describe("The user signed in"),
  email: z.string().describe("Their e-mail address"),
  csrf_token: z
    .string()
    .describe(
      "Send as X-CSRF-Token with every write made with the session cookie (also in the sr_csrf cookie)",
    ),
});

export const signedOutSchema = z.object({
  sessions_ended: z.number().int().describe("How many sessions of the user ended (this one, or all)"),
});

export const passwordResetRequestSchema = z.object({
  email: emailField.describe("The address of the account whose password was forgotten"),
  lang: z
    .enum(LOCALES)
    .optional()
    .describe("Language of the e-mail (default: the language of the workspace served)"),
});

export const passwordResetRequestedSchema = z
  .object({
    expires_in_minutes: z.number().int().describe("How long the e-mailed link works, once"),
  })
  .describe(
    "The same answer whether the address has an account or not: only an account's address gets an e-mail",
  );

export const passwordResetConfirmSchema = z.object({
  token: z.string().min(1).max(200).describe("The token of the e-mailed link"),
  password: passwordField.describe("The new password"),
});

export const passwordResetDoneSchema = z.object({
  signed_out_everywhere: z
    .literal(true)
    .describe("The password is set; every session of the user ended: sign in again with it"),
});

export const meSchema = z.object({
  user_id: z.string().describe("The user signed in"),
  email: z.string().describe("Their e-mail address"),
  workspaces: z
    .array(
      z.object({
        id: z.string().describe("The workspace's id, for ?workspace="),
        name: z.string().describe("Its name"),
        role: z.enum(ROLES).describe("The user's role in it"),
      }),
    )
    .describe("The workspaces the user belongs to, the default first"),
  workspace: z
    .string()
    .nullable()
    .describe(
      "The workspace a request naming none acts in: the one last chosen (PUT /api/me/workspace), else the first; null when none",
    ),
});

export type Me = z.infer<typeof meSchema>;

export const chosenWorkspaceSchema = z.object({
  workspace: z.string().describe("A workspace of the user's, used from now on when ?workspace= is absent"),
});
