/** One GET to an Amazon Ads API or LwA profile endpoint: headers, retries, status → AmazonError. */
import type { ClientContext } from "./config";
import { AmazonError, type AmazonErrorKind } from "./errors";
import { errorFromResponse, type Verdict } from "./error-response";
import { sendOnce, type HttpResponse } from "./http";
import { withRetry } from "./retry";

export interface AdsGet {
  url: string;
  accessToken: string;
  /** Extra headers, e.g. Amazon-Advertising-API-ClientId and -Scope. */
  headers?: Record<string, string>;
  operation: string;
}

// Tokens are printable ASCII without spaces; anything else would make fetch throw a TypeError that
// quotes the header (and so the token) before a request is even made.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** The body of a 2xx answer, after retrying what Amazon says is worth retrying. */
export function adsGet(ctx: ClientContext, request: AdsGet): Promise<HttpResponse> {
  if (!HEADER_SAFE.test(request.accessToken)) {
    return Promise.reject(
      new AmazonError({
        amazonKind: "bad_request",
        message: `${request.operation}: the access token is empty or has characters a token cannot have; nothing was sent.`,
      }),
    );
  }
  return withRetry(ctx.retry, async () => {
    const res = await sendOnce(ctx.http, {
      method: "GET",
      url: request.url,
      headers: {
        authorization: `Bearer ${request.accessToken}`,
        accept: "application/json",
        ...request.headers,
      },
      operation: request.operation,
    });
    if (res.status >= 200 && res.status <= 299) return res;
    throw errorFromResponse(
      res,
      request.operation,
      [request.accessToken, ctx.clientSecret],
      judgeAdsFailure,
    );
  });
}

function kindOf(status: number): AmazonErrorKind {
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 429) return "rate_limited";
  if (status >= 400 && status <= 499) return "bad_request";
  // 5xx, and anything else unexpected (a redirect means a wrong base URL or an outage page).
  return "server_error";
}

function judgeAdsFailure(status: number, code: string | null): Verdict {
  const kind = kindOf(status);
  return { kind, advice: advice(kind, status, code) };
}

function advice(kind: AmazonErrorKind, status: number, code: string | null): string {
  switch (kind) {
    case "unauthorized":
      if (code === "insufficient_scope") {
        return "The grant lacks the scope this call needs (the `profile` scope for the user profile); the person must connect again.";
      }
      return status === 401
        ? "The access token expired or was not accepted, or the profile is not reachable with it; refresh the token, and if that keeps failing the person must connect again."
        : "The account does not allow this access; the person may need to connect again with the right Amazon user.";
    case "rate_limited":
      return "Amazon is throttling us; try again later.";
    case "server_error":
      return "Amazon failed on its side; try again later.";
    default:
      return "Amazon refused the request; retrying will not help.";
  }
}
