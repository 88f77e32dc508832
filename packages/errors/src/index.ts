/**
 * What went wrong, as whoever called can act on it. Every error a domain
 * package raises on purpose is an AdsConnectError of one of these kinds; the
 * API maps each kind to a tRPC code in one place (packages/api/src/error-boundary.ts).
 */
export const ERROR_KINDS = [
  /** No such thing, or not the caller's: one answer for both, so existence never leaks. */
  "not_found",
  /** An Amazon grant is gone (refused, revoked, disconnected): its owner must connect it again. */
  "needs_reconnect",
  /** A quota is full (e.g. active API keys): free one first. */
  "limit_reached",
  /** Too many requests in a short time (a rate limit): wait Retry-After, then slow down. */
  "rate_limited",
  /** Something we depend on failed in a way that may pass (Amazon 429, 5xx, a timeout): retry shortly. */
  "unavailable",
  /** No valid sign-in or API key. */
  "unauthorized",
  /** A valid API key without the permission the call needs: create a key that has it. */
  "forbidden",
  /** A value the caller sent is refused for a reason the schema cannot see (e.g. a webhook URL that resolves to a private address): fix it and send again. */
  "invalid_input",
  /** A bug, a misconfiguration or unreadable data: nothing the caller can do; an operator must look. */
  "internal",
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Facts about a failure for logs and for code that handles it: ids, counts,
 * codes. Never a token, key, secret or anything a person typed; never sent to
 * a client.
 */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface AdsConnectErrorOptions {
  /** The lower-level failure, for logs. */
  cause?: unknown;
  details?: ErrorDetails;
}

/**
 * The one base of every error adsconnect raises on purpose. `message` is
 * written for the person or app that called: what happened and what to do.
 * It reaches the client as is (unless the kind is `internal`, whose message
 * only operators see), so it never holds a token, key or secret.
 *
 * Subclasses name a specific failure (`AccountNotFoundError`, `AmazonError`,
 * …) for code that catches it; the `kind` is what everyone else needs.
 */
export class AdsConnectError extends Error {
  override readonly name: string = "AdsConnectError";
  readonly kind: ErrorKind;
  readonly details: ErrorDetails | undefined;

  constructor(kind: ErrorKind, message: string, options: AdsConnectErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.details = options.details;
  }
}

export function isAdsConnectError(value: unknown): value is AdsConnectError {
  return value instanceof AdsConnectError;
}
