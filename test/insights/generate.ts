import { seededRandom } from "../../src/domain/seeded-random.js";
import type { PostObservation } from "../../src/insights/post-features.js";

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
export function normalSource(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const OTHER_TYPES = ["photo", "link", "status"] as const;
const NETWORKS = { facebook: 0.02, instagram: 0.05, linkedin: 0.01 } as const;

/**
 * Posts on three networks with different baselines, random traits and log-normal noise; `videoLift`
 * multiplies the expected metric of videos. Instagram posts more videos, so a comparison that
 * ignored the network would see its higher baseline as a video effect.
 */
export function plantedPosts(seed: number, count: number, videoLift: number): PostObservation[] {
  const random = seededRandom(seed);
  const normal = normalSource(random);
  const sigma = 0.6;
  return Array.from({ length: count }, (_, index) => {
    const [network, baseline] = Object.entries(NETWORKS)[index % 3] as [string, number];
    const videoShare = network === "instagram" ? 0.5 : 0.15;
    const type = random() < videoShare ? "video" : (OTHER_TYPES[Math.floor(random() * 3)] as string);
    const expected = baseline * (type === "video" ? videoLift : 1);
    // Log-normal with the given mean: exp(N(−σ²/2, σ²)) has mean 1.
    const value = expected * Math.exp(sigma * normal() - sigma ** 2 / 2);
    const yesNo = () => [random() < 0.4 ? "yes" : "no"];
    return {
      post_id: `p${index}`,
      network,
      value,
      features: {
        network: [network],
        type: [type],
        weekday: [["mon", "tue", "wed", "thu", "fri", "sat", "sun"][Math.floor(random() * 7)] as string],
        hashtags: yesNo(),
        question: yesNo(),
        emoji: yesNo(),
        link: yesNo(),
      },
    };
  });
}
