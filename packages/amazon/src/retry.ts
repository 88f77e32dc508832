import { AmazonError } from "./errors";

export interface RetryEvent {
  /** The attempt that failed (1 = the first request). */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: AmazonError;
}

export interface RetryPolicy {
  /** Requests per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap for the backoff and for Retry-After. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retry-After is Amazon telling us when it will take the request again, so it wins over our own
 * backoff, but it is capped: a worker must not sit for minutes on one call. Otherwise capped
 * exponential backoff with full jitter (a random wait in [0, ceiling)), so that many workers
 * throttled together do not come back together.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | null,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">,
): number {
  if (retryAfterSeconds !== null) return Math.min(retryAfterSeconds * 1000, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable (a 4xx other than
 * 429 will fail the same way again), or has run `maxAttempts` times. The error that escapes
 * records how many requests were made.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof AmazonError)) throw error;
      error.attempts = n;
      if (!error.retryable) {
        if (n > 1) error.message += ` (Attempt ${n}; the earlier ones failed and were retried.)`;
        throw error;
      }
      if (n >= policy.maxAttempts) {
        if (n > 1) error.message += ` Gave up after ${n} attempts.`;
        throw error;
      }
      const delayMs = retryDelayMs(n, error.retryAfterSeconds, policy);
      policy.onRetry?.({ attempt: n, delayMs, error });
      await policy.sleep(delayMs);
    }
  }
}
