import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from "node:http";

/** Hop-by-hop headers (RFC 9110 §7.6.1, plus the old Keep-Alive and Proxy-Connection): never forwarded either way. */
export const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Request headers the proxy never forwards to Amazon: the caller's own
 * credentials and identity (Authorization is the API key; Cookie; the
 * forwarding chain), what the proxy sets itself (Host, Content-Length, the
 * client id and scope), Expect (the body is already read) and the caller's
 * request id (the proxy's own goes in its answer).
 */
const NOT_FORWARDED = new Set([
  ...HOP_BY_HOP,
  "authorization",
  "cookie",
  "host",
  "content-length",
  "expect",
  "forwarded",
  "x-real-ip",
  "x-request-id",
  "amazon-advertising-api-clientid",
  "amazon-advertising-api-scope",
]);

/** Conditional and encoding headers a pre-signed report download may carry (S3 signs only the host). */
const DOWNLOAD_FORWARDED = new Set([
  "accept",
  "accept-encoding",
  "range",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "if-range",
  "user-agent",
]);

/** Names listed in a Connection header: hop-by-hop for this one message. */
function connectionListed(headers: IncomingHttpHeaders): Set<string> | null {
  const value = headers.connection;
  if (!value) return null;
  const names = new Set<string>();
  for (const name of value.split(",")) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed) names.add(trimmed);
  }
  return names;
}

/**
 * The caller's headers that go on to Amazon: Content-Type, Accept,
 * Accept-Encoding (bodies pass through still encoded), Prefer,
 * Amazon-Ads-AccountId, User-Agent and any other end-to-end header, minus
 * NOT_FORWARDED, `x-forwarded-*`, `proxy-*` and whatever Connection names.
 * A repeated header keeps every value (joined as Node joins them).
 */
export function forwardedRequestHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const listed = connectionListed(req.headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    if (name.startsWith("x-forwarded-") || name.startsWith("proxy-")) continue;
    if (listed?.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** The few caller headers a report download forwards (never Authorization or anything Amazon's). */
export function downloadRequestHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name of DOWNLOAD_FORWARDED) {
    const value = req.headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Amazon's answer headers as a flat [name, value, …] list for writeHead
 * (Amazon's spelling and repeated headers kept), minus hop-by-hop ones and
 * those its Connection names, with the proxy's `x-request-id` in place of
 * any upstream one.
 */
export function passedResponseHeaders(upstream: IncomingMessage, requestId: string): string[] {
  const listed = connectionListed(upstream.headers);
  const raw = upstream.rawHeaders;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === "x-request-id" || listed?.has(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  out.push("x-request-id", requestId);
  return out;
}

/** Amazon's request id, from whichever header carried it (Ads API, S3, CloudFront). */
export function amazonRequestIdOf(headers: IncomingHttpHeaders): string | undefined {
  const id = headers["x-amzn-requestid"] ?? headers["x-amz-request-id"] ?? headers["x-amz-rid"];
  return typeof id === "string" ? id : undefined;
}
