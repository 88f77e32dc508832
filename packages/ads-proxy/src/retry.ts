/** Statuses worth asking again: throttled, or Amazon's side failing in a way that may pass. */
const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/**
 * Whether an answer with `status` may be retried (`repeatable`: isRepeatable of the request):
 * - 429: always. Amazon refused it before doing anything, and asks to come back.
 * - 500, 502, 503, 504: when asking again cannot do the work twice: idempotent
 *   methods (GET, HEAD, PUT, DELETE) and the Ads API's read-only list
 *   queries, which are POSTs to a path ending in `/list` (SP v3's
 *   `/sp/campaigns/list` and the like). Other POSTs and PATCHes (creating a
 *   campaign, a report) may have been carried out before Amazon failed, so
 *   their 5xx passes through at once for the caller to judge.
 */
export function isRetryableStatus(status: number, repeatable: boolean): boolean {
  if (status === 429) return true;
  return RETRYABLE_5XX.has(status) && repeatable;
}

/** A request that may be sent twice without doing its work twice. */
export function isRepeatable(method: string, path: string): boolean {
  return IDEMPOTENT.has(method) || (method === "POST" && path.endsWith("/list"));
}

/**
 * Retry-After in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3);
 * null when absent or unreadable.
 */
export function retryAfterMs(
  value: string | string[] | undefined,
  now = Date.now(),
): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Capped exponential backoff with full jitter, for answers without Retry-After. */
export function backoffMs(retry: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** retry));
}
