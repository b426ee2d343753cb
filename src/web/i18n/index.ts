import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { MetricDefinition } from "../../api/analytics.js";
import type { Locale } from "../../api/workspace.js";
import type { Translate } from "../../i18n/dashboard/index.js";
import type { Formatter } from "../format.js";

/** What every page needs to speak the user's language and explain its figures. */
export interface Locality {
  lang: Locale;
  t: Translate;
  format: Formatter;
  metrics: Map<string, MetricDefinition>;
  currency: string;
}

export const LocalityContext = createContext<Locality | null>(null);

export function useLocality(): Locality {
  const locality = useContext(LocalityContext);
  if (!locality) throw new Error("useLocality outside LocalityContext");
  return locality;
}
