import { availableParallelism } from "node:os";
import { runWorkerThread, type WorkerLimits } from "../domain/worker-thread.js";
import { fitMmm, type MmmFit } from "./fit-model.js";
import { type LiftTest, LiftTestError } from "./lift-tests.js";
import { type MmmNote, modelNotes } from "./model-notes.js";
import {
  type BudgetPlan,
  BudgetPlanError,
  type BudgetPlanOptions,
  currentSpend,
  planBudget,
} from "./plan-budget.js";
import { MmmDataError, type MmmDataProblem, type MmmSeries } from "./series.js";

/**
 * A fit takes seconds of CPU and a budget plan a few hundred milliseconds: a server runs both in
 * worker threads, so that it goes on answering meanwhile.
 */
export type MmmJob =
  | { kind: "fit"; series: MmmSeries; seed: number; liftTests?: readonly LiftTest[] }
  | { kind: "plan"; fit: MmmFit; spends: readonly number[]; options: BudgetPlanOptions };

/** A fit with what a reader needs beside it: the notes on what it can say, and today's spends to plan from. */
export interface FittedModel {
  fit: MmmFit;
  notes: MmmNote[];
  /** Each channel's spend per period over the last four weeks. */
  spends: number[];
}

/** What the data or the budget cannot carry, in the model's words: told to the user, never retried. */
export interface Refusal {
  refused: string;
  /** What the data lack, when it is the data (not the budget) that is refused: for words of the reader's language. */
  problem?: MmmDataProblem;
}

export type MmmJobResult<Job extends MmmJob> =
  | (Job extends { kind: "fit" } ? FittedModel : BudgetPlan)
  | Refusal;

export function isRefusal<T extends object>(result: T | Refusal): result is Refusal {
  return "refused" in result;
}

/** Runs a job on the calling thread: the worker's body, and the place its refusals are caught. */
export function runMmmJobHere<Job extends MmmJob>(job: Job): MmmJobResult<Job> {
  try {
    if (job.kind === "fit") {
      const fit = fitMmm(job.series, { seed: job.seed, liftTests: job.liftTests });
      const fitted: FittedModel = {
        fit,
        notes: modelNotes(fit, job.series),
        spends: currentSpend(job.series, fit),
      };
      return fitted as MmmJobResult<Job>;
    }
    return planBudget(job.fit, job.spends, job.options) as MmmJobResult<Job>;
  } catch (error) {
    if (error instanceof MmmDataError) return { refused: error.message, problem: error.problem };
    if (error instanceof BudgetPlanError || error instanceof LiftTestError) return { refused: error.message };
    throw error;
  }
}

/** The job outlived its deadline or the worker failed: nothing the user's data is to blame for. */
export class MmmJobFailure extends Error {
  override name = "MmmJobFailure";
}

/**
 * A fit of two years of daily data and six channels takes seconds, so a job still running after
 * 300 s is stuck; the model's draws of a large fit take a few hundred megabytes (bench/README.md).
 */
export const MMM_JOB_LIMITS: WorkerLimits = { seconds: 300, memoryMb: 1536 };
/** One core stays with the server; a queue forms behind the others. */
const MAX_RUNNING = Math.max(1, availableParallelism() - 1);
/** Past this many jobs waiting, another is turned away rather than kept waiting for minutes. */
const MAX_WAITING = 32;

let running = 0;
const queued: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) {
    if (queued.length >= MAX_WAITING) throw new MmmJobFailure(`${queued.length} models are waiting already`);
    await new Promise<void>((resolve) => queued.push(resolve));
  }
  running++;
  return () => {
    running--;
    queued.shift()?.();
  };
}

async function runOnce<Job extends MmmJob>(job: Job, limits: WorkerLimits): Promise<MmmJobResult<Job>> {
  const outcome = await runWorkerThread<MmmJobResult<Job>>(import.meta.url, "fit-worker", job, limits, {
    deadline: `the model took more than ${limits.seconds} s`,
    error: (error) => error.message,
    exit: "the model's thread stopped",
  });
  if ("result" in outcome) return outcome.result;
  throw new MmmJobFailure(outcome.problem);
}

/**
 * Runs a fit or a plan in a worker thread of its own, as many at once as there are cores but one: a
 * refusal of the data comes back as a Refusal, a failure of the thread (deadline, memory) rejects
 * with MmmJobFailure.
 */
export async function runMmmJob<Job extends MmmJob>(
  job: Job,
  limits: WorkerLimits = MMM_JOB_LIMITS,
): Promise<MmmJobResult<Job>> {
  const release = await slot();
  try {
    return await runOnce(job, limits);
  } finally {
    release();
  }
}
