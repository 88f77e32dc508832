import type { AmazonError } from "@adsconnect/amazon";

/**
 * What a failed refresh means for the account:
 * - "reauth": Amazon refused the grant (invalid_grant): the account is
 *   reauth_required at once, its tokens are erased, and nothing is retried.
 * - "retry": 429, 5xx, timeouts and network errors may pass: the failure is
 *   counted and the caller retries with backoff.
 * - "fail": any other refusal: counted like a retry, but retrying the same
 *   request cannot help. invalid_client is one: Amazon refused adsconnect's
 *   own client id or secret, which says nothing about the person's grant.
 *   Erasing grants then would make every customer reconnect after one bad
 *   deploy of AMAZON_CLIENT_SECRET, and could not be undone; the grants are
 *   kept, the failure is counted and logged as an error for an operator.
 */
export type FailureDisposition = "reauth" | "retry" | "fail";

export function dispositionOf(error: AmazonError): FailureDisposition {
  if (error.amazonKind === "invalid_grant") return "reauth";
  return error.retryable ? "retry" : "fail";
}
