import { ownValue } from "../domain/own-value.js";

/** Networks whose name is not their id capitalised; the same in every language. */
const NETWORK_NAMES: Record<string, string> = {
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  youtube: "YouTube",
  x: "X",
};

/** A network as a reader knows it: "LinkedIn" for `linkedin`, "Facebook" for `facebook`. */
export function networkName(id: string): string {
  return ownValue(NETWORK_NAMES, id) ?? id.charAt(0).toUpperCase() + id.slice(1);
}
