/** Retry-After longer than this is treated as this; Amazon never asks for more. Default 1 h. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * How long to wait before retrying a refresh after its `failures`-th failure
 * in a row: exponential from `baseMs`, capped at `maxMs`, with "equal jitter"
 * (a random point in the upper half, so a burst of failures spreads out), and
 * never sooner than Amazon's Retry-After.
 */
export function retryDelayMs(
  failures: number,
  retryAfterSeconds: number | null,
  {
    baseMs,
    maxMs = 300_000,
    random = Math.random,
  }: { baseMs: number; maxMs?: number; random?: () => number },
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const retryAfterMs = Math.min(MAX_RETRY_AFTER_MS, (retryAfterSeconds ?? 0) * 1000);
  return Math.round(Math.max(jittered, retryAfterMs));
}
