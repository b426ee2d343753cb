import { Argument, Command, Option } from "commander";
import { TOKEN_SCOPES, type TokenScope } from "../../api/auth.js";
import { dateTimeProblem } from "../../domain/input-bounds.js";
import { createApiToken } from "../../tracking/api-tokens.js";
import { setWebhookSecret, WEBHOOK_PROVIDERS, type WebhookProvider } from "../../tracking/webhook-secrets.js";
import { type DbOptions, printJson, UserError, withWorkspace, workspaceOption } from "../run-command.js";

interface TokenOptions extends DbOptions {
  label?: string;
  scope?: TokenScope[];
  expires?: string;
}

export function tokenCommand(): Command {
  const command = new Command("token").description("API tokens and webhook secrets of the workspace");
  command
    .command("create")
    .description("print a new API token (Authorization: Bearer TOKEN); only its hash is kept, so copy it now")
    .addOption(workspaceOption())
    .option("--label <text>", "what it is for, shown in the list of tokens")
    .addOption(new Option("--scope <scope...>", "what it may do (default: everything)").choices(TOKEN_SCOPES))
    .option("--expires <time>", "when it stops working, ISO 8601 (default: never)")
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON")
    .action(async (options: TokenOptions) => {
      await withWorkspace(options, async ({ store, workspace }) => {
        const expiryProblem = options.expires === undefined ? undefined : dateTimeProblem(options.expires);
        if (expiryProblem) throw new UserError(`--expires: ${expiryProblem}`);
        const token = await createApiToken(store, workspace.id, {
          label: options.label,
          scopes: options.scope,
          expiresAt: options.expires,
        });
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
    .addOption(workspaceOption())
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
