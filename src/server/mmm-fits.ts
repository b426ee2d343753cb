import { createHash } from "node:crypto";
import type { WorkerLimits } from "../domain/worker-thread.js";
import type { MmmFit } from "../mmm/fit-model.js";
import type { LiftTest } from "../mmm/lift-tests.js";
import type { BudgetPlan, BudgetPlanOptions } from "../mmm/plan-budget.js";
import { type FittedModel, MMM_JOB_LIMITS, type Refusal, runMmmJob } from "../mmm/run-in-worker.js";
import type { MmmSeries } from "../mmm/series.js";

/** Fits kept: one per workspace and question (KPI, cadence, period), the most recently asked. */
const MAX_FITS = 32;
/** The sampler's seed of `socialroi mmm`: the API and the command give the same figures. */
const SEED = 1;

interface Entry {
  /** The series and lift tests the fit was made on, hashed: the data version it answers for. */
  version: string;
  fit: Promise<FittedModel | Refusal>;
  /** Plans of this fit, by budget and bounds. */
  plans: Map<string, Promise<BudgetPlan | Refusal>>;
}

function versionOf(series: MmmSeries, liftTests: readonly LiftTest[]): string {
  return createHash("sha256")
    .update(JSON.stringify([series, liftTests]))
    .digest("hex");
}

/**
 * Fits and plans of the marketing mix model, computed in worker threads and kept while the data
 * they were made on stands. A fit is keyed by the series and lift tests themselves (hashed), so
 * that any change to the costs, conversions, posts or tests it reads asks for a new fit and nothing
 * else does; requests for the same fit while it runs share it. A failure of the thread is not kept:
 * the next request tries again.
 */
export class MmmFits {
  private readonly entries = new Map<string, Entry>();

  /** `limits` are each job's thread's, read when the job starts: run-in-worker.ts's unless given. */
  constructor(private readonly limits: WorkerLimits = MMM_JOB_LIMITS) {}

  /**
   * `question` names the workspace and what was asked of it; `series` and `liftTests` are what the
   * store holds for it now.
   */
  fit(
    question: string,
    series: MmmSeries,
    liftTests: readonly LiftTest[] = [],
  ): { version: string; fitted: Promise<FittedModel | Refusal> } {
    const version = versionOf(series, liftTests);
    let entry = this.entries.get(question);
    if (entry?.version !== version) {
      const fit = runMmmJob({ kind: "fit", series, seed: SEED, liftTests }, this.limits);
      entry = { version, fit, plans: new Map() };
      this.forgetOnFailure(question, entry, fit);
    }
    // Most recently asked last: the first entry is the one to drop.
    this.entries.delete(question);
    this.entries.set(question, entry);
    if (this.entries.size > MAX_FITS) this.entries.delete(this.entries.keys().next().value!);
    return { version, fitted: entry.fit };
  }

  /** The budget plan under a fit obtained with `fit` (same question and version). */
  plan(
    question: string,
    version: string,
    fitted: { fit: MmmFit; spends: readonly number[] },
    options: BudgetPlanOptions,
  ): Promise<BudgetPlan | Refusal> {
    const entry = this.entries.get(question);
    const current = entry?.version === version ? entry : undefined;
    const key = JSON.stringify([options.budget ?? null, options.maxChange ?? null]);
    const known = current?.plans.get(key);
    if (known) return known;
    const plan = runMmmJob({ kind: "plan", fit: fitted.fit, spends: fitted.spends, options }, this.limits);
    if (current) {
      current.plans.set(key, plan);
      plan.catch(() => current.plans.delete(key));
    }
    return plan;
  }

  private forgetOnFailure(question: string, entry: Entry, fit: Promise<unknown>): void {
    fit.catch(() => {
      if (this.entries.get(question) === entry) this.entries.delete(question);
    });
  }
}
