import { type Access, CSRF_COOKIE, CSRF_HEADER } from "../api/auth.js";
import type { ErrorBody, ErrorCode, InputProblem, Issue } from "../api/errors.js";

/** A refusal from the API, with whatever it said about the fields or the rows of a file. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: ErrorCode | undefined = undefined,
    readonly issues: Issue[] = [],
    readonly problems: InputProblem[] = [],
    readonly totalProblems = problems.length,
  ) {
    super(message);
  }
}

export type { Access };

const TOKEN_KEY = "socialroi.token";

function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function saveToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/**
 * What proves who calls: the stored token, else the session cookie the browser sends by itself,
 * which a write must back with the session's CSRF token (a cookie our pages alone can read).
 */
function authHeaders(method = "GET"): Record<string, string> {
  const token = storedToken();
  if (token) return { authorization: `Bearer ${token}` };
  if (method === "GET") return {};
  const csrf = document.cookie
    .split("; ")
    .find((pair) => pair.startsWith(`${CSRF_COOKIE}=`))
    ?.slice(CSRF_COOKIE.length + 1);
  return csrf ? { [CSRF_HEADER]: csrf } : {};
}

let chosenWorkspace: string | undefined;

/** The workspace every later call acts on (a signed-in user's choice); undefined: the caller's default. */
export function actInWorkspace(id: string | undefined): void {
  chosenWorkspace = id;
}

/** `path` with `?workspace=` of the workspace chosen, so that no call acts on another by default. */
function inWorkspace(path: string): string {
  if (chosenWorkspace === undefined) return path;
  const url = new URL(path, location.origin);
  url.searchParams.set("workspace", chosenWorkspace);
  return url.pathname + url.search;
}

export type QueryValues = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, values: QueryValues = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
  const error = body.error;
  const details = error?.details;
  return new ApiError(
    response.status,
    error?.message ?? response.statusText,
    error?.code,
    details?.issues,
    details?.problems,
    details?.total_problems,
  );
}

/** The one way the dashboard talks to the server: JSON in and out, the token attached. */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; query?: QueryValues } = {},
): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = authHeaders(method);
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(inWorkspace(withQuery(path, options.query)), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** Binary answers (QR codes) as an object URL, since an <img> cannot send the token. */
export async function apiObjectUrl(path: string): Promise<string> {
  const response = await fetch(inWorkspace(path), { headers: authHeaders() });
  if (!response.ok) throw await failure(response);
  return URL.createObjectURL(await response.blob());
}

/** Sends a file as the raw body, reporting the share sent so far (fetch cannot report upload progress). */
export function uploadFile<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", inWorkspace(path));
    for (const [name, value] of Object.entries(authHeaders("POST"))) request.setRequestHeader(name, value);
    request.setRequestHeader("content-type", "application/octet-stream");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, "The upload failed: is the server running?"));
    request.onload = () => {
      const response = new Response(request.responseText, {
        status: request.status,
        headers: { "content-type": "application/json" },
      });
      if (request.status >= 200 && request.status < 300) response.json().then(resolve, reject);
      else failure(response).then(reject, reject);
    };
    request.send(file);
  });
}

/**
 * Who may use the management API: a stored token that still works, else (on a server that only
 * this machine can reach) a session token minted on the spot; otherwise the user must sign in.
 */
export async function openSession(): Promise<Access> {
  const access = await api<Access>("/api/access");
  if (access.authenticated || access.mode !== "local") return access;
  const session = await api<{ token: string }>("/api/session", { method: "POST" }).catch(() => undefined);
  if (!session) return access;
  saveToken(session.token);
  return api<Access>("/api/access");
}
