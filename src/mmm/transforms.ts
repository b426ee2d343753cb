/**
 * The two curves of a channel: geometric adstock carries spend over to later periods, the Hill
 * curve makes each extra unit of (carried-over) spend earn less than the one before.
 */

/**
 * Geometric adstock normalised so its weights sum to one: a_t = decay·a_{t-1} + (1-decay)·x_t.
 * A constant spend x then carries to a = x, so the decay moves effects in time without changing
 * their total, which keeps ROI apart from the decay.
 */
export function geometricAdstock(spend: ArrayLike<number>, decay: number): Float64Array {
  const carried = new Float64Array(spend.length);
  let level = 0;
  for (let t = 0; t < spend.length; t++) {
    level = decay * level + (1 - decay) * spend[t]!;
    carried[t] = level;
  }
  return carried;
}

/** The Hill curve x^shape / (x^shape + halfSaturation^shape): 0 at 0, one half at halfSaturation, towards 1. */
export function hill(x: number, halfSaturation: number, shape: number): number {
  if (x <= 0) return 0;
  return 1 / (1 + (halfSaturation / x) ** shape);
}

/** Periods until an effect has halved under a geometric decay (0 when nothing carries over). */
export function halfLife(decay: number): number {
  return decay <= 0 ? 0 : Math.log(0.5) / Math.log(decay);
}
