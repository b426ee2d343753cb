import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, type QueryValues, withQuery } from "./api.js";

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  reload: () => void;
}

/** Fetches `path` (null: not yet) and again whenever the path, the query or `reload()` asks for it. */
export function useApi<T>(path: string | null, query: QueryValues = {}): Loaded<T> {
  const url = path === null ? null : withQuery(path, query);
  const [state, setState] = useState<{ url: string | null; data?: T; error?: ApiError }>({ url: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (url === null) return;
    let current = true;
    api<T>(url).then(
      (data) => current && setState({ url, data }),
      (error: unknown) =>
        current &&
        setState({ url, error: error instanceof ApiError ? error : new ApiError(0, String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [url, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // Until the new answer arrives, the previous one stays on screen instead of flashing "loading".
  return { data: state.data, error: state.url === url ? state.error : undefined, reload };
}

/** A form's submission: the API's refusal is kept for the form to show, field by field. */
export function useSubmit<A extends unknown[], T>(
  action: (...args: A) => Promise<T>,
  onDone: (result: T) => void,
) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await action(...args));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy, clearError: () => setError(undefined) };
}
