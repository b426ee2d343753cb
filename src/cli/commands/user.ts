import { Command, Option } from "commander";
import { MIN_PASSWORD_LENGTH } from "../../api/auth.js";
import { PASSWORD_RESET_MINUTES } from "../../auth/password-resets.js";
import { createUser, findUserByEmail, listUsers, setPassword } from "../../auth/users.js";
import { LOCALES, type Locale } from "../../domain/workspace.js";
import { readSmtpSettings } from "../../reports/smtp.js";
import { mailPasswordReset, NO_SMTP_FOR_PASSWORD_RESETS } from "../../server/password-reset-mail.js";
import { DEFAULT_DB_PATH } from "../../store/open-store.js";
import type { FileReadingStore } from "../../store/store.js";
import { DEFAULT_BASE_URL } from "../../tracking/link.js";
import { commandEnvironment, runByServe } from "../command-scope.js";
import { chosenWorkspace, type DbOptions, printJson, UserError, withStore } from "../run-command.js";

/**
 * The password as piped in (`printf %s "$PASSWORD" | socialroi user create …`), one trailing line
 * break dropped: never an option, which shell histories and process lists would keep.
 */
async function passwordFromStdin(): Promise<string> {
  // A command run by `serve` for another process has that process's output, not its input.
  if (runByServe())
    throw new UserError(
      "socialroi serve holds the database and cannot read this terminal: stop the server for this command, then start it again",
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** The e-mail `POST /api/password-reset` sends, sent from the command line. */
async function emailPasswordReset(
  store: FileReadingStore,
  email: string,
  lang: Locale | undefined,
): Promise<void> {
  const workspace = await chosenWorkspace(store, undefined);
  const smtp = await readSmtpSettings(store, workspace.id);
  if (!smtp) throw new UserError(NO_SMTP_FOR_PASSWORD_RESETS);
  const baseUrl = commandEnvironment()["SOCIALROI_BASE_URL"] || DEFAULT_BASE_URL;
  try {
    await mailPasswordReset(store, smtp, { email, baseUrl, lang: lang ?? workspace.locale });
  } catch (error) {
    throw new UserError(`The e-mail to ${email} was not sent: ${(error as Error).message}`);
  }
}

interface EmailOptions extends DbOptions {
  email: string;
}

export function userCommand(): Command {
  const command = new Command("user").description("the people who sign in to the dashboard and the API");
  command
    .command("create")
    .description("add a user; the first owns the instance (every workspace, those to come too)")
    .requiredOption("--email <address>", "their e-mail address, with which they sign in")
    .requiredOption(
      "--password-stdin",
      `read the password (${MIN_PASSWORD_LENGTH} characters or more) from stdin`,
    )
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: EmailOptions) => {
      await withStore(options, async (store) => {
        const user = await createUser(store, { email: options.email, password: await passwordFromStdin() });
        if (!user) throw new UserError(`${options.email} has an account already (socialroi user list)`);
        if (options.json) printJson(user);
        else
          process.stdout.write(
            `${user.email} (${user.user_id}) can sign in${user.owns_instance ? "; they own this instance and every workspace" : ": socialroi member add gives them a workspace"}\n`,
          );
      });
    });
  command
    .command("list")
    .description("list the users")
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: DbOptions) => {
      await withStore(options, async (store) => {
        const users = await listUsers(store);
        if (options.json) printJson(users);
        else
          for (const user of users)
            process.stdout.write(
              `${user.email} (${user.user_id})${user.owns_instance ? " owns the instance" : ""}\n`,
            );
      });
    });
  command
    .command("reset-password")
    .description(
      "set a user's password, read from stdin, and sign them out everywhere; or e-mail them a link to choose it",
    )
    .requiredOption("--email <address>", "the user's e-mail address")
    .option(
      "--send-email",
      `e-mail them a link (starting with SOCIALROI_BASE_URL) to choose it themselves, working once for ${PASSWORD_RESET_MINUTES} minutes, through the SMTP server of the workspace served`,
    )
    .addOption(
      new Option("--lang <lang>", "language of the e-mail (default: the workspace served's)").choices(
        LOCALES,
      ),
    )
    .option("--db <path>", "database file", DEFAULT_DB_PATH)
    .option("--json", "print JSON")
    .action(async (options: EmailOptions & { sendEmail?: boolean; lang?: Locale }) => {
      await withStore(options, async (store) => {
        const user = await findUserByEmail(store, options.email);
        if (!user)
          throw new UserError(`No user has the e-mail address ${options.email} (socialroi user list)`);
        if (options.sendEmail) {
          await emailPasswordReset(store, user.email, options.lang);
          if (options.json)
            printJson({
              user_id: user.user_id,
              email: user.email,
              expires_in_minutes: PASSWORD_RESET_MINUTES,
            });
          else
            process.stdout.write(
              `${user.email} was e-mailed a link to choose a new password, working once for ${PASSWORD_RESET_MINUTES} minutes\n`,
            );
          return;
        }
        await setPassword(store, user.user_id, await passwordFromStdin());
        if (options.json) printJson({ user_id: user.user_id, email: user.email, signed_out: true });
        else process.stdout.write(`${user.email} has a new password and is signed out everywhere\n`);
      });
    });
  return command;
}
