import { useEffect, useState } from "preact/hooks";

/** Query parameters that follow the user from page to page: the view's filters. */
export const FILTER_KEYS = ["from", "to", "compare", "network", "campaign"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export interface Route {
  path: string;
  params: URLSearchParams;
}

const listeners = new Set<() => void>();

function currentRoute(): Route {
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

export function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** The URL for a page, carrying the current filters unless told otherwise. */
export function hrefFor(path: string, changes: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const current = new URLSearchParams(location.search);
  const keep = path === location.pathname ? [...current.keys()] : FILTER_KEYS;
  for (const key of keep) {
    const value = current.get(key);
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Changes the URL without reloading, so every view (filters included) can be bookmarked and shared. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  for (const listener of listeners) listener();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}
