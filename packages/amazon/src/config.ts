import { validateBaseUrlTemplate } from "./endpoints";
import type { AmazonRequestRecord, HttpSettings } from "./http";
import { sleep, type RetryEvent, type RetryPolicy } from "./retry";

export interface AmazonClientConfig {
  clientId: string;
  clientSecret: string;
  /** Exactly `${APP_URL}/api/amazon/callback`. */
  redirectUri: string;
  /** AMAZON_BASE_URL, e.g. "http://127.0.0.1:4599/{region}" ({region} = na|eu|fe); unset in production. */
  baseUrlTemplate?: string;
  /** Per-attempt timeout, default 10_000 ms. */
  timeoutMs?: number;
  /**
   * Reads and refreshes make at most `maxAttempts` requests (default 3, the first included), waiting
   * a jittered exponential backoff from `baseDelayMs` (default 500 ms) capped at `maxDelayMs`
   * (default 8 s), or Retry-After when Amazon sends one (capped the same way).
   */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default: setTimeout. Tests inject one to see the waits without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait between attempts, e.g. to log the request id. Default: none. */
  onRetry?: (event: RetryEvent) => void;
  /** Called after every request (each attempt): endpoint, status, latency, Amazon's request id. */
  onRequest?: (record: AmazonRequestRecord) => void;
}

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
} as const;

/** What the endpoint modules need: the config checked once, defaults filled in. */
export interface ClientContext {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  baseUrlTemplate: string | undefined;
  http: HttpSettings;
  retry: RetryPolicy;
}

function nonEmpty(name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`Amazon client config: ${name} is required`);
  }
  return value;
}

function positive(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw new TypeError(`Amazon client config: ${name} must be a number ≥ ${min}, got ${value}`);
  }
  return value;
}

export function resolveConfig(config: AmazonClientConfig): ClientContext {
  return {
    clientId: nonEmpty("clientId", config.clientId),
    clientSecret: nonEmpty("clientSecret", config.clientSecret),
    redirectUri: nonEmpty("redirectUri", config.redirectUri),
    baseUrlTemplate:
      config.baseUrlTemplate === undefined || config.baseUrlTemplate === ""
        ? undefined
        : validateBaseUrlTemplate(config.baseUrlTemplate),
    http: {
      // Looked up per call, and never called as a method of our object (browsers reject that).
      fetch: config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: positive("timeoutMs", config.timeoutMs, DEFAULTS.timeoutMs, 1),
      ...(config.onRequest ? { onRequest: config.onRequest } : {}),
    },
    retry: {
      maxAttempts: Math.floor(
        positive("retry.maxAttempts", config.retry?.maxAttempts, DEFAULTS.maxAttempts, 1),
      ),
      baseDelayMs: positive("retry.baseDelayMs", config.retry?.baseDelayMs, DEFAULTS.baseDelayMs),
      maxDelayMs: positive("retry.maxDelayMs", config.retry?.maxDelayMs, DEFAULTS.maxDelayMs),
      sleep: config.sleep ?? sleep,
      random: Math.random,
      ...(config.onRetry ? { onRetry: config.onRetry } : {}),
    },
  };
}
