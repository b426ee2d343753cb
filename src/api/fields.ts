import { z } from "zod";
import { amountField, dayField } from "../domain/input-bounds.js";
import { NETWORK_ID_PATTERN, normalizeNetwork } from "../domain/network.js";

/** Form fields left empty arrive as "" or null: both mean "not set". */
const blankToNull = (value: unknown) => (value === "" || value === undefined ? null : value);

export const optionalText = z.preprocess(blankToNull, z.string().trim().max(500).nullable());
export const optionalDate = z.preprocess(blankToNull, dayField.nullable());
export const optionalAmount = z.preprocess(blankToNull, amountField.nullable());
export const optionalNetwork = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? normalizeNetwork(value) : null),
  z.string().regex(NETWORK_ID_PATTERN, "a network id such as facebook, instagram or linkedin").nullable(),
);
