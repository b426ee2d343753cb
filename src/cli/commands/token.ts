import { Argument, Command } from "commander";
import { createApiToken } from "../../tracking/api-tokens.js";
import { setWebhookSecret, WEBHOOK_PROVIDERS, type WebhookProvider } from "../../tracking/webhook-secrets.js";
import { type DbOptions, printJson, UserError, withWorkspace } from "../run-command.js";

export function tokenCommand(): Command {
  const command = new Command("token").description("API tokens and webhook secrets of the workspace");
  command
    .command("create")
    .description("print a new API token (Authorization: Bearer TOKEN); only its hash is kept, so copy it now")
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: DbOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const token = await createApiToken(store, workspace.id);
        if (options.json) printJson({ token });
        else
          process.stdout.write(
            `${token}\nKeep it now: socialroi stores only its hash and cannot show it again.\n`,
          );
      });
    });
  command
    .command("webhook-secret")
    .description(
      "set, replace or remove the signing secret of Stripe or Shopify webhooks (the environment variable wins when set)",
    )
    .addArgument(new Argument("<provider>").choices(WEBHOOK_PROVIDERS))
    .argument("[secret]", "the secret the provider shows (Stripe: whsec_…)")
    .option("--remove", "remove the stored secret")
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(
      async (
        provider: WebhookProvider,
        secret: string | undefined,
        options: DbOptions & { remove?: boolean },
      ) => {
        await withWorkspace(options, async ({ store, workspace }) => {
          if (options.remove && secret !== undefined)
            throw new UserError("Give a secret or --remove, not both");
          const value = options.remove ? undefined : secret?.trim();
          if (!options.remove && !value) throw new UserError("The secret is empty");
          await setWebhookSecret(store, workspace.id, provider, value);
          if (options.json) printJson({ provider, set: !options.remove });
          else if (options.remove) process.stdout.write(`The ${provider} webhook secret is removed\n`);
          else
            process.stdout.write(`The ${provider} webhook secret is set: POST /api/webhooks/${provider}\n`);
        });
      },
    );
  return command;
}
