import { MODEL_NAMES, type ModelName } from "../api/attribution.js";

/** One touch of a journey; `time` is epoch milliseconds, or null when the source has no times (path tables). */
export interface Touch {
  channel: string;
  time: number | null;
}

/**
 * A journey: touches in time order and what followed them. Path-table rows map to the same type:
 * one row is one journey with `conversions` and `nulls` counts and no times.
 */
export interface Journey {
  touches: readonly Touch[];
  conversions: number;
  value: number;
  nulls: number;
  /** Epoch milliseconds of the conversion; time decay needs it. */
  convertedAt: number | null;
  /** The conversion that closed the journey, when journeys are built from conversions with ids. */
  conversionId?: string;
}

/** The models are part of the API's contract: defined there, named here for attribution. */
export { MODEL_NAMES, type ModelName } from "../api/attribution.js";

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

/** Field names are snake_case because these objects are the JSON contract of PRODUCT.md §9. */
export interface ChannelCredit {
  channel: string;
  conversions: number;
  value: number;
  removal_effect?: number;
  removal_effect_value?: number;
  standard_error_conversions?: number;
  standard_error_value?: number;
}

export interface TransitionRow {
  from: string;
  to: string;
  probability: number;
  count: number;
}

export interface ModelResult {
  model: ModelName;
  order?: number;
  channels: ChannelCredit[];
  note?: string;
  method?: string;
  transition_matrix?: TransitionRow[];
}

/** Bad input data: the message names the file, row, column and what was expected. */
export class AttributionInputError extends Error {
  override name = "AttributionInputError";
}
