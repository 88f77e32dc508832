import { AdsConnectError, type ErrorKind } from "@adsconnect/errors";

/**
 * Every failure is an AmazonError; `amazonKind` says what Amazon answered, and
 * `kind` (ERROR_KIND_OF below) what that means to whoever called.
 */
export type AmazonErrorKind =
  /** Code or refresh token rejected/revoked: the person must reconnect. */
  | "invalid_grant"
  /** Our client id/secret are wrong: an operator must fix config. */
  | "invalid_client"
  /** Ads API 401/403: access token expired or not allowed. */
  | "unauthorized"
  /** 429: `retryAfterSeconds` set when Amazon sent Retry-After. */
  | "rate_limited"
  /** 5xx, or an answer that does not have the documented shape. */
  | "server_error"
  | "timeout"
  | "network"
  /** Any other 4xx (invalid_request, unsupported_grant_type, invalid_scope, ENTITY_NOT_SUPPORTED…). */
  | "bad_request";

const RETRYABLE: ReadonlySet<AmazonErrorKind> = new Set([
  "rate_limited",
  "server_error",
  "timeout",
  "network",
]);

/**
 * What each of Amazon's answers means in adsconnect's one error model: a
 * refused or insufficient grant needs its owner to reconnect; what may pass is
 * unavailable; our own credentials refused or a request Amazon calls malformed
 * is internal (an operator's to fix, never the caller's).
 */
export const ERROR_KIND_OF: Readonly<Record<AmazonErrorKind, ErrorKind>> = {
  invalid_grant: "needs_reconnect",
  unauthorized: "needs_reconnect",
  invalid_client: "internal",
  bad_request: "internal",
  rate_limited: "unavailable",
  server_error: "unavailable",
  timeout: "unavailable",
  network: "unavailable",
};

export interface AmazonErrorInit {
  amazonKind: AmazonErrorKind;
  message: string;
  status?: number | null;
  code?: string | null;
  requestId?: string | null;
  retryAfterSeconds?: number | null;
  /** How many requests were made before giving up; default 1. */
  attempts?: number;
  /** The low-level failure (a fetch TypeError, an AbortSignal reason); never a request. */
  cause?: unknown;
}

/**
 * A failed call to Login with Amazon or the Amazon Ads API. The message says what happened and
 * what to do; it never carries a token, code or secret (see `redact` in http.ts).
 */
export class AmazonError extends AdsConnectError {
  override readonly name = "AmazonError";
  /** What Amazon answered (invalid_grant, rate_limited, …); `kind` is what it means to a caller. */
  readonly amazonKind: AmazonErrorKind;
  readonly status: number | null;
  /** Amazon's error code (`error`, `code` or errors[0].errorType) when present. */
  readonly code: string | null;
  /** From `x-amz-request-id`, `x-amz-rid`, `x-amzn-RequestId` or the body: quote it to Amazon. */
  readonly requestId: string | null;
  readonly retryAfterSeconds: number | null;
  /** Requests made, retries included (1 when the call was not retried). */
  attempts: number;

  constructor(init: AmazonErrorInit) {
    super(ERROR_KIND_OF[init.amazonKind], init.message, { cause: init.cause });
    this.amazonKind = init.amazonKind;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.attempts = init.attempts ?? 1;
  }

  /** true for rate_limited, server_error, timeout, network. */
  get retryable(): boolean {
    return RETRYABLE.has(this.amazonKind);
  }

  /** What a logger gets: the fields only (no stack, no cause). */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      amazonKind: this.amazonKind,
      message: this.message,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
      retryable: this.retryable,
    };
  }
}

export function isAmazonError(value: unknown): value is AmazonError {
  return value instanceof AmazonError;
}
