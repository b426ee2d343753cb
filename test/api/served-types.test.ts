import assert from "node:assert/strict";
import { test } from "node:test";
import type { z } from "zod";
import type * as analytics from "../../src/api/analytics.js";
import type * as attribution from "../../src/api/attribution.js";
import type * as costs from "../../src/api/costs.js";
import type * as errors from "../../src/api/errors.js";
import type * as goals from "../../src/api/goals.js";
import type * as imports from "../../src/api/imports.js";
import type * as insights from "../../src/api/insights.js";
import type * as posts from "../../src/api/posts.js";
import type * as valueRules from "../../src/api/value-rules.js";
import type { AttributionReport } from "../../src/attribution/index.js";
import type { CategoryCost } from "../../src/costs/cost-breakdown.js";
import type { GoalProgress } from "../../src/goals/compute-goals.js";
import type { InputProblem } from "../../src/ingest/import-error.js";
import type { ImportReport } from "../../src/ingest/import-file.js";
import type { BestTimes } from "../../src/insights/best-times.js";
import type { CustomerCareIndicators } from "../../src/insights/customer-care.js";
import type { EarnedMediaValue } from "../../src/insights/earned-media.js";
import type { Insights } from "../../src/insights/insights.js";
import type { ValueProposal } from "../../src/insights/value-estimates.js";
import type { MetricDefinition } from "../../src/metrics/catalogue.js";
import type { GoalDefinition } from "../../src/metrics/goal-catalogue.js";
import type { Funnel } from "../../src/roi/compute-funnel.js";
import type { RoiReport } from "../../src/roi/compute-roi.js";
import type { PostPerformance } from "../../src/roi/top-posts.js";
import type { HeldConversions } from "../../src/tracking/held-conversions.js";
import type { RuleValue } from "../../src/value/value-by-rule.js";

/**
 * What the modules behind the routes build must be what the API's response schemas describe: the
 * schemas check answers at run time, and this checks the types they come from when compiling, so a
 * field added on one side and not the other fails `tsc` before any request does.
 */
type Fits<Served, Documented> = [Served] extends [Documented] ? true : false;
type Period = "from" | "to";

const fits: true[] = [
  true satisfies Fits<RoiReport, analytics.RoiReport>,
  true satisfies Fits<Funnel, analytics.Funnel>,
  true satisfies Fits<GoalProgress, analytics.GoalProgress>,
  true satisfies Fits<MetricDefinition, analytics.MetricDefinition>,
  true satisfies Fits<
    AttributionReport,
    Omit<attribution.AttributionReport, Period | "lookback_days" | "level">
  >,
  true satisfies Fits<Insights, insights.Insights>,
  true satisfies Fits<BestTimes, insights.BestTimes>,
  true satisfies Fits<ValueProposal, insights.ValueProposal>,
  true satisfies Fits<EarnedMediaValue, insights.EarnedMediaValue>,
  true satisfies Fits<CustomerCareIndicators, Omit<z.infer<typeof insights.customerCareSchema>, Period>>,
  true satisfies Fits<CategoryCost, costs.CategoryCost>,
  true satisfies Fits<GoalDefinition, goals.GoalDefinition>,
  true satisfies Fits<ImportReport, imports.ImportReport>,
  true satisfies Fits<HeldConversions, imports.HeldConversions>,
  true satisfies Fits<InputProblem, errors.InputProblem>,
  true satisfies Fits<PostPerformance, posts.PostPerformance>,
  true satisfies Fits<RuleValue, valueRules.RuleValue>,
];

test("what the routes serve has the types their response schemas describe (checked by tsc)", () => {
  assert.ok(fits.every(Boolean));
});
