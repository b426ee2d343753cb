import { webhookSecretName } from "../store/secret-file.js";
import type { Store } from "../store/store.js";

export const WEBHOOK_PROVIDERS = ["stripe", "shopify"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/** Set in the environment, a secret wins over the stored one (secrets managers, containers). */
export const WEBHOOK_SECRET_ENV: Record<WebhookProvider, string> = {
  stripe: "SOCIALROI_STRIPE_WEBHOOK_SECRET",
  shopify: "SOCIALROI_SHOPIFY_WEBHOOK_SECRET",
};

/** Sets, replaces or (with undefined) removes the secret; a replaced or removed one is left in no file. */
export async function setWebhookSecret(
  store: Store,
  workspaceId: string,
  provider: WebhookProvider,
  secret: string | undefined,
): Promise<void> {
  store.secrets.update([[webhookSecretName(workspaceId, provider), secret]]);
}

export async function webhookSecret(
  store: Store,
  workspaceId: string,
  provider: WebhookProvider,
): Promise<string | undefined> {
  const fromEnv = process.env[WEBHOOK_SECRET_ENV[provider]];
  if (fromEnv) return fromEnv;
  return store.secrets.get(webhookSecretName(workspaceId, provider));
}
