import { request } from "node:http";
import { BROWSER } from "../tracking/helpers.js";

/** A browser's GET of `path` on the server at `base`, naming `host` in its Host header (fetch keeps the URL's). */
export function visitWithHost(
  base: string,
  path: string,
  host: string,
): Promise<{ status: number; location: string | undefined }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: hostname, port, path, headers: { host, "user-agent": BROWSER } },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      },
    );
    sent.on("error", reject);
    sent.end();
  });
}
