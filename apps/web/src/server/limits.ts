import "server-only";

import { bodyTooLargeMessage, readCappedBody } from "@adsconnect/api/body-limit";
import { clientIp, tooManyRequestsMessage, type RateLimitName } from "@adsconnect/rate-limits";

import { getServices } from "@/server/services";

export interface RouteLimits {
  /** The per-IP rate limit the route counts each request against (before anything else). */
  rateLimit: Extract<RateLimitName, "signInPerIp" | "oauthCallbackPerIp">;
  /** Larger request bodies are refused (413) unread past the cap; the handler gets the body buffered. */
  maxBodyBytes?: number;
}

/**
 * A route handler behind its limits: one count against `rateLimit` for the caller's IP (from
 * X-Forwarded-For by RATE_LIMIT_PROXY_HOPS: packages/rate-limits), answered 429 with
 * Retry-After and a short page past it; then, with `maxBodyBytes`, the body read up to the cap
 * (413 past it), since Next caps no route handler's body. Route files wrap their handler in one
 * call: `export const POST = withLimits({ … }, handler)`.
 */
export function withLimits<R extends Request>(
  limits: RouteLimits,
  handler: (request: R) => Promise<Response>,
): (request: R) => Promise<Response> {
  return async (request) => {
    const { rateLimits } = getServices();
    const ip = clientIp(
      request.headers.get("x-forwarded-for"),
      undefined,
      rateLimits.settings.proxyHops,
    );
    const verdict = await rateLimits.consume(limits.rateLimit, ip);
    if (!verdict.allowed) {
      const { retryAfterSeconds } = verdict;
      const rule = rateLimits.settings[limits.rateLimit];
      return page(429, tooManyRequestsMessage(limits.rateLimit, rule, retryAfterSeconds), {
        "retry-after": String(retryAfterSeconds),
      });
    }
    if (limits.maxBodyBytes === undefined) return handler(request);
    const capped = await readCappedBody(request, limits.maxBodyBytes);
    if (!capped) return page(413, bodyTooLargeMessage(limits.maxBodyBytes), {});
    // A request with a body is a plain Request here (the sign-in form); one without is `request`.
    return handler(capped as R);
  };
}

/** A small page saying what happened, with a way back. */
function page(status: number, message: string, headers: Record<string, string>): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>adsconnect</title></head><body><main><h1>${status === 429 ? "Too many requests" : "Request too large"}</h1><p>${message}</p><p><a href="/">Back to adsconnect</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });
}
