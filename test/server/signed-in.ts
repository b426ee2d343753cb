import assert from "node:assert/strict";

/** The headers a signed-in user's calls carry: the session cookie and the CSRF token writes need. */
export async function signedIn(
  base: string,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const answer = await fetch(`${base}/api/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(answer.status, 200, `${email} signs in: ${await answer.clone().text()}`);
  const session = /sr_session=([^;]+)/.exec(answer.headers.get("set-cookie") ?? "")?.[1];
  const { csrf_token } = (await answer.json()) as { csrf_token: string };
  return { cookie: `sr_session=${session}`, "x-csrf-token": csrf_token };
}

/** Calls the API as `headers` says, a JSON body if given; the status and the parsed answer. */
export async function callApi(
  base: string,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: answer.status, json, text };
}
