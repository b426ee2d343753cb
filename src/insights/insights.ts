import type { Locale, Workspace } from "../domain/workspace.js";
import type { Period } from "../period/data-period.js";
import type { Store } from "../store/store.js";
import { DEFAULT_DRIVER_OPTIONS, type DriverAnalysis, type DriverOptions, findDrivers } from "./drivers.js";
import { observePosts } from "./post-features.js";
import { loadPostMetrics, metricFormula, type PostMetric } from "./post-metrics.js";
import { driverSentences } from "./sentences.js";
import { type TopBottom, topAndBottom } from "./top-bottom.js";

/** Most frequent terms tested as topics: each one is one more comparison to correct for. */
const TOPIC_LIMIT = 15;

export interface Insights extends DriverAnalysis {
  metric: PostMetric;
  formula: string;
  from: string;
  to: string;
  posts: number;
  method: string;
  top_bottom: TopBottom;
  sentences: string[];
}

/** What distinguishes posts that do well on a metric: drivers with intervals, and the top and bottom deciles. */
export async function computeInsights(
  store: Store,
  workspace: Workspace,
  period: Period,
  options: { metric: PostMetric; lang?: Locale; drivers?: Partial<DriverOptions> },
): Promise<Insights> {
  const driverOptions = { ...DEFAULT_DRIVER_OPTIONS, ...options.drivers };
  const rows = await loadPostMetrics(store, workspace, period, options.metric);
  const posts = observePosts(rows, { minGroup: driverOptions.minGroup, topicLimit: TOPIC_LIMIT });
  const analysis = findDrivers(posts, driverOptions);
  return {
    metric: options.metric,
    formula: metricFormula(options.metric),
    ...period,
    posts: posts.length,
    method:
      `lift = mean metric of posts with the trait ÷ mean of posts without it, within each network, ` +
      `combined across networks with Mantel–Haenszel weights; 95% percentile interval from ${driverOptions.resamples} ` +
      `bootstrap resamples within network and group (seed ${driverOptions.seed}); significant = Holm-adjusted p < ${driverOptions.alpha} ` +
      `over the ${analysis.tests} traits tested; traits with fewer than ${driverOptions.minGroup} posts with or without them are listed as not enough data`,
    ...analysis,
    top_bottom: topAndBottom(posts),
    sentences: driverSentences(analysis, options.metric, options.lang ?? workspace.locale),
  };
}
