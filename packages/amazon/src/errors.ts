/** Every failure is an AmazonError; `kind` says what a caller can do. */
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

export interface AmazonErrorInit {
  kind: AmazonErrorKind;
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
export class AmazonError extends Error {
  override readonly name = "AmazonError";
  readonly kind: AmazonErrorKind;
  readonly status: number | null;
  /** Amazon's error code (`error`, `code` or errors[0].errorType) when present. */
  readonly code: string | null;
  /** From `x-amz-request-id`, `x-amz-rid`, `x-amzn-RequestId` or the body: quote it to Amazon. */
  readonly requestId: string | null;
  readonly retryAfterSeconds: number | null;
  /** Requests made, retries included (1 when the call was not retried). */
  attempts: number;

  constructor(init: AmazonErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.attempts = init.attempts ?? 1;
  }

  /** true for rate_limited, server_error, timeout, network. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** What a logger gets: the fields only (no stack, no cause). */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
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
