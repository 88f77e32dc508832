import type { AmazonError } from "@adsconnect/amazon";

/**
 * What a failed refresh means for the account:
 * - "reauth": Amazon refused the grant (invalid_grant) or our client
 *   (invalid_client): the account is reauth_required at once, its tokens are
 *   erased, and nothing is retried.
 * - "retry": 429, 5xx, timeouts and network errors may pass: the failure is
 *   counted and the caller retries with backoff.
 * - "fail": any other refusal (a 4xx that is neither): counted like a retry,
 *   but retrying the same request cannot help.
 */
export type FailureDisposition = "reauth" | "retry" | "fail";

export function dispositionOf(error: AmazonError): FailureDisposition {
  if (error.kind === "invalid_grant" || error.kind === "invalid_client") return "reauth";
  return error.retryable ? "retry" : "fail";
}
