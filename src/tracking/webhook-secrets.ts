import type { Store } from "../store/store.js";

export const WEBHOOK_PROVIDERS = ["stripe", "shopify"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/** Set in the environment, a secret wins over the stored one (secrets managers, containers). */
export const WEBHOOK_SECRET_ENV: Record<WebhookProvider, string> = {
  stripe: "SOCIALROI_STRIPE_WEBHOOK_SECRET",
  shopify: "SOCIALROI_SHOPIFY_WEBHOOK_SECRET",
};

export async function setWebhookSecret(
  store: Store,
  workspaceId: string,
  provider: WebhookProvider,
  secret: string,
): Promise<void> {
  await store.run(
    "INSERT OR REPLACE INTO webhook_secrets (workspace_id, provider, secret, updated_at) VALUES ($ws, $provider, $secret, now())",
    { ws: workspaceId, provider, secret },
  );
}

export async function webhookSecret(
  store: Store,
  workspaceId: string,
  provider: WebhookProvider,
): Promise<string | undefined> {
  const fromEnv = process.env[WEBHOOK_SECRET_ENV[provider]];
  if (fromEnv) return fromEnv;
  const [row] = await store.all<{ secret: string }>(
    "SELECT secret FROM webhook_secrets WHERE workspace_id = $ws AND provider = $provider",
    { ws: workspaceId, provider },
  );
  return row?.secret;
}
