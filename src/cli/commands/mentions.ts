import { Command, Option } from "commander";
import { type MentionFilter, SENTIMENT_CLASSES, type SentimentClass } from "../../api/mentions.js";
import { correctMentionSentiment } from "../../insights/correct-mention-sentiment.js";
import { listMentions } from "../../insights/list-mentions.js";
import { MentionNotFoundError, mentionKey } from "../../insights/score-mentions.js";
import { undoSentimentCorrection } from "../../insights/undo-sentiment-correction.js";
import { addPeriodOptions, periodFromOptions } from "../period-options.js";
import { formatTable } from "../print-table.js";
import { type DbOptions, printJson, UserError, withWorkspace, workspaceOption } from "../run-command.js";

interface ListOptions extends DbOptions {
  from?: string;
  to?: string;
  network?: string;
  lowConfidence?: boolean;
  corrected?: boolean;
  limit: string;
  json?: boolean;
}

interface CorrectOptions extends DbOptions {
  sentiment?: SentimentClass;
  undo?: boolean;
  json?: boolean;
}

function withDb(command: Command): Command {
  return command
    .addOption(workspaceOption())
    .option("--db <path>", "database file", "./socialroi.duckdb")
    .option("--json", "print JSON");
}

function filterOf(options: ListOptions): MentionFilter {
  if (options.lowConfidence && options.corrected)
    throw new UserError("--low-confidence and --corrected exclude each other: choose one");
  return options.lowConfidence ? "low-confidence" : options.corrected ? "corrected" : "all";
}

function listCommand(): Command {
  return withDb(
    addPeriodOptions(new Command("list").description("mentions with their sentiment, the newest first")),
  )
    .option("--network <network>", "only this network's mentions")
    .option("--low-confidence", "only the model's unsure verdicts that no one corrected")
    .option("--corrected", "only the mentions a user corrected")
    .option("--limit <n>", "mentions to show", "50")
    .action(async (options: ListOptions) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UserError(`--limit ${options.limit}: give a whole number from 1 to 1000`);
      await withWorkspace(options, async ({ store, workspace }) => {
        const period = await periodFromOptions(store, workspace, options);
        const list = await listMentions(store, workspace, period, {
          network: options.network,
          filter: filterOf(options),
          limit,
          offset: 0,
        });
        if (options.json) {
          printJson(list);
          return;
        }
        const table = formatTable(list.mentions, [
          { header: "network", value: (m) => m.network },
          { header: "mention", value: (m) => m.mention_id },
          { header: "posted", value: (m) => m.occurred_at },
          { header: "lang", value: (m) => m.language },
          { header: "sentiment", value: (m) => m.sentiment },
          { header: "source", value: (m) => m.source },
          { header: "model", value: (m) => m.model_sentiment },
          { header: "score", value: (m) => m.score.toFixed(2) },
          {
            header: "confidence",
            value: (m) => `${m.confidence.toFixed(2)}${m.low_confidence ? " (low)" : ""}`,
          },
          { header: "text", value: (m) => (m.text ?? "").slice(0, 60) },
        ]);
        process.stdout.write(
          `${list.from} – ${list.to}: ${list.mentions.length} of ${list.total} mentions; ` +
            `${list.low_confidence} low-confidence (below ${list.low_confidence_below}) not corrected, ${list.corrected} corrected by users\n\n${table}\n`,
        );
      });
    });
}

function correctCommand(): Command {
  return withDb(
    new Command("correct")
      .description("set a mention's sentiment (it then outranks the model everywhere), or --undo it")
      .argument("<network>", "the mention's network")
      .argument("<mention-id>", "the network's id of the mention"),
  )
    .addOption(new Option("--sentiment <class>", "the mention's sentiment").choices(SENTIMENT_CLASSES))
    .option("--undo", "give the mention back to the model")
    .action(async (network: string, mentionId: string, options: CorrectOptions) => {
      if ((options.sentiment === undefined) === !options.undo)
        throw new UserError("give either --sentiment positive|neutral|negative or --undo");
      await withWorkspace(options, async ({ store, workspace }) => {
        const key = mentionKey(network, mentionId);
        const { sentiment } = options;
        const mention = await (sentiment === undefined
          ? undoSentimentCorrection(store, workspace, key)
          : correctMentionSentiment(store, workspace, key, sentiment)
        ).catch((error: unknown) => {
          throw error instanceof MentionNotFoundError ? new UserError(error.message) : error;
        });
        if (options.json) printJson(mention);
        else
          process.stdout.write(
            `${mention.network} ${mention.mention_id}: ${mention.sentiment} (${mention.source === "user" ? "your correction" : "the model's"}; the model says ${mention.model_sentiment} with confidence ${mention.confidence.toFixed(2)}).\n`,
          );
      });
    });
}

/** `socialroi mentions list|correct`: mentions with their sentiment, and the user's corrections. */
export function mentionsCommand(): Command {
  return new Command("mentions")
    .description("mentions of the brand with their sentiment: list, correct")
    .addCommand(listCommand())
    .addCommand(correctCommand());
}
