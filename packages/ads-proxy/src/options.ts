import { authorizeKey, type ApiKeyPrincipal } from "@adsconnect/api/authenticate-api-key";
import type { AmazonRegion } from "@adsconnect/amazon";

import { ADS_API_PATH_PREFIXES } from "./allowed-paths";

/** One call through the proxy, as the authorize step sees it. */
export interface ProxyCall {
  kind: "ads" | "download";
  accountId: string;
  region: AmazonRegion;
  method: string;
  /** The Amazon path (`/v2/profiles`), or `/__download`. */
  path: string;
}

/**
 * May this key make this call? Throw a ProxyError (403 `forbidden`) or an
 * AdsConnectError to refuse. Runs after the key is authenticated and before
 * the account is read: the account's ownership is checked after it, always
 * (the key acts for its workspace, and only the workspace's accounts are found).
 */
export type AuthorizeProxyCall = (
  principal: ApiKeyPrincipal,
  call: ProxyCall,
) => void | Promise<void>;

export interface AdsProxyOptions {
  /** Request bodies above this are refused with 413 (they are buffered, so a 401 can be retried). Default 1 MiB. */
  maxRequestBodyBytes?: number;
  /**
   * Until Amazon's answer starts (its status and headers), retries and their
   * waits included; then 504 `upstream_timeout`. Default 30,000 ms.
   */
  timeoutMs?: number;
  /** While an answer streams: no byte for this long ends it (the connection is cut). Default 60,000 ms. */
  idleTimeoutMs?: number;
  /** A 429 or 5xx is retried only when Retry-After asks for at most this (else passed through at once). Default 5,000 ms. */
  maxRetryWaitMs?: number;
  /** Retries of a 429 or 5xx per request (the one retry after a refreshed 401 is apart). Default 2. */
  maxRetries?: number;
  /** First wait when Amazon sent no Retry-After, doubled per retry (jittered, capped at maxRetryWaitMs). Default 250 ms. */
  retryBaseDelayMs?: number;
  /** First segments of the Amazon paths forwarded. Default ADS_API_PATH_PREFIXES. */
  allowedPathPrefixes?: readonly string[];
  /** Key scopes go here (see AuthorizeProxyCall). Default: every active key may call for its workspace's accounts. */
  authorize?: AuthorizeProxyCall;
  /** Connections kept open to each Amazon host at most. Default 256. */
  maxSockets?: number;
  /**
   * With `--expose-gc`: a young-generation collection after every this many
   * bytes streamed (see memory.ts); 0 never. Default 4 MiB.
   */
  collectGarbageEveryBytes?: number;
  /**
   * How long an API key's principal and an account's token are remembered
   * (see lookups.ts): a revoked key or a disconnected account stops working
   * through this process within this time. 0: look both up on every call.
   * Default 2,000 ms.
   */
  cacheTtlMs?: number;
}

export interface ResolvedProxyOptions {
  maxRequestBodyBytes: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  maxRetryWaitMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  allowedPathPrefixes: ReadonlySet<string>;
  authorize: AuthorizeProxyCall;
  maxSockets: number;
  collectGarbageEveryBytes: number;
  cacheTtlMs: number;
}

export const PROXY_DEFAULTS = {
  maxRequestBodyBytes: 1024 * 1024,
  timeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  maxRetryWaitMs: 5_000,
  maxRetries: 2,
  retryBaseDelayMs: 250,
  maxSockets: 256,
  collectGarbageEveryBytes: 4 * 1024 * 1024,
  cacheTtlMs: 2_000,
} as const;

/**
 * The key's scope decides (packages/api's authorizeKey, the same check every
 * machine procedure runs): it must hold `ads:proxy` (403 naming it otherwise)
 * and, when it is limited to some accounts, name this one (404, as for another
 * workspace's account). Expired keys never get here (401). Ownership is checked
 * by the hand-out, after this.
 */
export const authorizeByKeyScope: AuthorizeProxyCall = (principal, call) =>
  authorizeKey(principal, { permission: "ads:proxy", accountId: call.accountId });

/** Any active key of the account's workspace, whatever its scope: for tests of the proxy alone. */
export const allowEveryActiveKey: AuthorizeProxyCall = () => {};

export function resolveOptions(options: AdsProxyOptions): ResolvedProxyOptions {
  const number = (name: keyof typeof PROXY_DEFAULTS, min: number): number => {
    const value = options[name] ?? PROXY_DEFAULTS[name];
    if (!Number.isFinite(value) || value < min)
      throw new TypeError(`Ads proxy option ${name} must be a number ≥ ${min}, got ${value}`);
    return value;
  };
  return {
    maxRequestBodyBytes: number("maxRequestBodyBytes", 0),
    timeoutMs: number("timeoutMs", 1),
    idleTimeoutMs: number("idleTimeoutMs", 1),
    maxRetryWaitMs: number("maxRetryWaitMs", 0),
    maxRetries: Math.floor(number("maxRetries", 0)),
    retryBaseDelayMs: number("retryBaseDelayMs", 0),
    maxSockets: Math.floor(number("maxSockets", 1)),
    collectGarbageEveryBytes: number("collectGarbageEveryBytes", 0),
    cacheTtlMs: number("cacheTtlMs", 0),
    allowedPathPrefixes: new Set(options.allowedPathPrefixes ?? ADS_API_PATH_PREFIXES),
    authorize: options.authorize ?? authorizeByKeyScope,
  };
}
