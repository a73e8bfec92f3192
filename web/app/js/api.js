// The app's one way to call the collector: same-origin fetch with the
// session cookie, the CSRF token on every change, JSON in and out, and a
// signed-out session sent back to the sign-in page.

let csrfToken = "";

/** Set once by the shell from GET /api/session. */
export function setCsrfToken(token) {
  csrfToken = token ?? "";
}

/** A refused call: `status`, `message`, `path` and the whole JSON answer in `body` (`problems`, `missing`...). */
export class ApiError extends Error {
  constructor(status, message, path, body = {}) {
    super(message);
    this.status = status;
    this.path = path;
    this.body = body;
  }
}

function signInAgain() {
  location.assign(`/app/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

/**
 * Calls the API. options: {method, body (sent as JSON), query (object), as: "json"|"text"}.
 *   const {leads} = await api("/api/leads", {query: {limit: 50}});
 *   await api("/api/feedback", {method: "POST", body: {...}});
 */
export async function api(path, { method = "GET", body, query, as = "json" } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  const headers = { Accept: as === "json" ? "application/json" : "*/*" };
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrfToken;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    signInAgain();
    throw new ApiError(401, "signed out", "");
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let where = "";
    let answer = {};
    try {
      answer = await response.json();
      message = answer.error ?? message;
      where = answer.path ?? "";
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(response.status, message, where, answer);
  }
  return as === "json" ? response.json() : response.text();
}
