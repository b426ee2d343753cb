import type { PostObservation } from "./post-features.js";
import { YES_NO_FEATURES } from "./post-features.js";
import { groupBy } from "./statistics.js";

interface OverRepresentedTrait {
  feature: string;
  value: string;
  /** Share of the decile's posts with the trait, and of the other posts. */
  decile_share: number;
  rest_share: number;
  n_decile: number;
}

interface DecileSummary {
  posts: { post_id: string; network: string; value: number }[];
  over_represented: OverRepresentedTrait[];
}

export interface TopBottom {
  top: DecileSummary;
  bottom: DecileSummary;
}

const SHOWN_POSTS = 5;
const SHOWN_TRAITS = 8;
/** A trait on fewer of the decile's posts than this is anecdote, not a pattern. */
const MIN_DECILE_POSTS = 3;

/** Each network's best (or worst) tenth, so one network's higher level does not fill the decile. */
function decile(posts: readonly PostObservation[], best: boolean): Set<PostObservation> {
  const byNetwork = groupBy(posts, (p) => p.network);
  const chosen = new Set<PostObservation>();
  for (const group of byNetwork.values()) {
    const sorted = [...group].sort((a, b) => (best ? b.value - a.value : a.value - b.value));
    for (const post of sorted.slice(0, Math.ceil(group.length / 10))) chosen.add(post);
  }
  return chosen;
}

function share(
  posts: readonly PostObservation[],
  feature: string,
  value: string,
): { share: number; count: number } {
  const defined = posts.filter((p) => p.features[feature]);
  const count = defined.filter((p) => p.features[feature]?.includes(value)).length;
  return { share: defined.length ? count / defined.length : 0, count };
}

function summarize(posts: readonly PostObservation[], best: boolean): DecileSummary {
  const chosen = decile(posts, best);
  const inDecile = [...chosen];
  const rest = posts.filter((p) => !chosen.has(p));
  const traits = new Map<string, { feature: string; value: string }>();
  for (const post of inDecile) {
    for (const [feature, values] of Object.entries(post.features)) {
      for (const value of values) {
        if (YES_NO_FEATURES.has(feature) && value !== "yes") continue;
        traits.set(`${feature}\u0000${value}`, { feature, value });
      }
    }
  }
  const over_represented = [...traits.values()]
    .map(({ feature, value }) => {
      const inside = share(inDecile, feature, value);
      const outside = share(rest, feature, value);
      return {
        feature,
        value,
        decile_share: inside.share,
        rest_share: outside.share,
        n_decile: inside.count,
      };
    })
    .filter((t) => t.n_decile >= MIN_DECILE_POSTS && t.decile_share > t.rest_share)
    .sort((a, b) => b.decile_share - b.rest_share - (a.decile_share - a.rest_share))
    .slice(0, SHOWN_TRAITS)
    .map((t) => ({ ...t, decile_share: round(t.decile_share), rest_share: round(t.rest_share) }));
  const shown = inDecile.sort((a, b) => (best ? b.value - a.value : a.value - b.value)).slice(0, SHOWN_POSTS);
  return {
    posts: shown.map((p) => ({ post_id: p.post_id, network: p.network, value: p.value })),
    over_represented,
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The top and bottom deciles of posts by the metric, and the traits over-represented in each. */
export function topAndBottom(posts: readonly PostObservation[]): TopBottom {
  return { top: summarize(posts, true), bottom: summarize(posts, false) };
}
