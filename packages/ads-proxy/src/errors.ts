import type { ServerResponse } from "node:http";

import { AdsConnectError, type ErrorKind } from "@adsconnect/errors";

/**
 * The proxy's own refusals, as `error.code` in its JSON answers (Amazon's own
 * answers pass through untouched and never carry these).
 */
export type ProxyErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "needs_reconnect"
  | "unavailable"
  | "rate_limited"
  | "internal"
  | "invalid_path"
  | "invalid_region"
  | "invalid_scope"
  | "invalid_download_url"
  | "method_not_allowed"
  | "body_too_large"
  | "upstream_timeout"
  | "upstream_unreachable";

/**
 * A refusal the proxy answers itself, as
 * `{ "error": { "code", "message", "requestId" } }` with `status`, the header
 * `x-adsconnect-error: <code>` (so an app tells it from Amazon's answers) and
 * `x-request-id`. `message` says what to do and never holds a token, a key, a
 * body or a pre-signed URL's query. An `authorize` step may throw one (403
 * `forbidden`).
 */
export class ProxyError extends Error {
  override readonly name = "ProxyError";
  constructor(
    readonly status: number,
    readonly code: ProxyErrorCode,
    message: string,
    /** Extra response headers (Retry-After, WWW-Authenticate, Allow, Connection). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const API_KEY_MESSAGE =
  "Send an active adsconnect API key as `Authorization: Bearer adc_…` (the proxy adds Amazon's own Authorization).";

export const INTERNAL_MESSAGE =
  "Something went wrong in adsconnect; try again, and give its operators the request id if it persists.";

/** HTTP statuses of the domain's error kinds, as the tRPC API answers them (error-boundary.ts). */
const STATUS_OF_KIND = {
  not_found: 404,
  forbidden: 403,
  needs_reconnect: 412,
  limit_reached: 412,
  rate_limited: 429,
  unavailable: 503,
  unauthorized: 401,
  invalid_input: 400,
  internal: 500,
} as const satisfies Record<ErrorKind, number>;

const CODE_OF_KIND = {
  not_found: "not_found",
  forbidden: "forbidden",
  needs_reconnect: "needs_reconnect",
  limit_reached: "forbidden",
  rate_limited: "rate_limited",
  unavailable: "unavailable",
  unauthorized: "unauthorized",
  invalid_input: "invalid_path",
  internal: "internal",
} as const satisfies Record<ErrorKind, ProxyErrorCode>;

/**
 * What the caller sees for an error: a ProxyError as is; an AdsConnectError
 * (the hand-out's: not found, needs reconnect, unavailable) with its kind's
 * status and its own message; anything else as a generic 500 (logged, with
 * its stack, by the caller of this function).
 */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  if (error instanceof AdsConnectError && error.kind !== "internal") {
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    return new ProxyError(
      STATUS_OF_KIND[error.kind],
      CODE_OF_KIND[error.kind],
      error.message,
      typeof retryAfter === "number" ? { "retry-after": String(Math.ceil(retryAfter)) } : {},
    );
  }
  return new ProxyError(500, "internal", INTERNAL_MESSAGE);
}

/** Writes `error` as the answer (when nothing was sent yet). */
export function sendProxyError(res: ServerResponse, error: ProxyError, requestId: string): void {
  const body = JSON.stringify({
    error: { code: error.code, message: error.message, requestId },
  });
  res.writeHead(error.status, {
    ...error.headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    "x-request-id": requestId,
    "x-adsconnect-error": error.code,
  });
  res.end(body);
}
