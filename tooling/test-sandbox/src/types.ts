/**
 * The sandbox's admin API payloads, written out here on purpose: packages talk to the sandbox
 * over HTTP only and never import from apps/. Keep in step with apps/amazon-sandbox/src/state.ts
 * and controls.ts (the sandbox validates every payload, so a drift shows up as a 400).
 */

export type SandboxRegion = "na" | "eu" | "fe";
export type TokenGrantType = "authorization_code" | "refresh_token";
export type AdsEndpoint = "profiles" | "dspAdvertisers" | "userProfile";
export type UserKind = "seller" | "vendor" | "agency" | "no-profiles" | "synthetic";

export interface Health {
  status: "ok";
  clientId: string;
  allowedRedirectUris: string[];
  accessTokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
}

export interface SeededUser {
  userId: string;
  name: string;
  email: string;
  kind: UserKind;
  profiles: {
    /** Decimal string: the int64 profile id, exact. */
    profileId: string;
    region: SandboxRegion;
    countryCode: string;
    type: "seller" | "vendor" | "agency";
    name: string;
    /** Agency (DSP) profiles only. */
    dspAdvertiserCount?: number;
  }[];
}

export interface Counters {
  consent: { page: number; allow: number; cancel: number };
  token: { authorization_code: number; refresh_token: number; other: number };
  profiles: Record<SandboxRegion, number>;
  dspAdvertisers: number;
  userProfile: number;
}

export interface TokenFaultTarget {
  userId?: string;
  refreshToken?: string;
  grantType?: TokenGrantType;
}

export interface TokenFailureFault extends TokenFaultTarget {
  /** Default 1. */
  count?: number;
  status: 500 | 503 | 429;
  /** Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
}

export interface TokenHangFault extends TokenFaultTarget {
  /** Default 1. */
  count?: number;
  /** Drop the connection after this long; default: hold it until reset. */
  durationMs?: number;
}

export interface AdsFailureFault {
  /** Default 1. */
  count?: number;
  status: 429 | 500 | 502 | 503 | 504;
  retryAfterSeconds?: number;
  endpoint?: AdsEndpoint;
}

export interface Latency {
  tokenMs: number;
  adsMs: number;
}

export interface FaultState {
  latency: Latency;
  tokenFailures: (TokenFailureFault & { remaining: number })[];
  tokenHangs: (TokenHangFault & { remaining: number })[];
  adsFailures: (AdsFailureFault & { remaining: number })[];
  hungRequests: number;
}

export interface Grant {
  userId: string;
  refreshToken: string;
  scope: string;
}

export interface MintGrantsOptions {
  /** Default 1; at most 100,000 per call. */
  count?: number;
  /** Default "advertising::campaign_management profile". */
  scope?: string;
  /** A seeded user; default a new synthetic user per grant. */
  userId?: string;
}
