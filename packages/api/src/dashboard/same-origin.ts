/**
 * Where a browser says a request comes from, judged against the app's own origin (APP_URL):
 * the `Origin` header (every current browser sends it on a POST) and `Sec-Fetch-Site` (sent by
 * every current browser on every request, and not settable by a page's script).
 *
 * - "same-origin": what it says names the app itself, and nothing it says names another place;
 * - "foreign": another origin, `Origin: null` (sandboxed or redirected), or a browser saying
 *   cross-site or same-site (a sibling subdomain or port is another origin);
 * - "unsaid": neither header, so not a current browser's request (curl, a server, a test).
 */
export type RequestSite = "same-origin" | "foreign" | "unsaid";

export function requestSite(headers: Pick<Headers, "get">, appUrl: string): RequestSite {
  const origin = headers.get("origin");
  const fetchSite = headers.get("sec-fetch-site");
  if (origin === null && fetchSite === null) return "unsaid";
  if (origin !== null && origin !== new URL(appUrl).origin) return "foreign";
  if (fetchSite !== null && fetchSite !== "same-origin") return "foreign";
  return "same-origin";
}

/** Whether a request's body is declared as JSON (`application/json`, any parameters). */
export function declaresJson(headers: Pick<Headers, "get">): boolean {
  const contentType = headers.get("content-type");
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}
