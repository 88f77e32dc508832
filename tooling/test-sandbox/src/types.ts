/**
 * The sandbox's admin API payloads, written out here on purpose: packages talk to the sandbox
 * over HTTP only and never import from apps/. They are kept in step with the sandbox's own types
 * and admin schemas by apps/amazon-sandbox/test/admin-client-types.ts, which fails to compile
 * (in `pnpm typecheck`) when the two drift apart.
 */

export type SandboxRegion = "na" | "eu" | "fe";
export type TokenGrantType = "authorization_code" | "refresh_token";
/** `reportDownload` is the report file (S3 in real life), the others Ads API endpoints. */
export type AdsEndpoint =
  | "profiles"
  | "dspAdvertisers"
  | "userProfile"
  | "spCampaigns"
  | "reportCreate"
  | "reportStatus"
  | "reportDownload";
export type UserKind =
  "seller" | "vendor" | "agency" | "no-profiles" | "synthetic" | "generated-agency";

/** A big agency made on demand (`admin.createGeneratedAgency`). */
export interface GeneratedAgencyOptions {
  /** Profiles with valid int64 ids across NA, EU and FE (at most 10,000). */
  profiles: number;
  /** DSP advertisers in all, spread evenly over the agency profiles (at most 200,000). */
  advertisers: number;
  /** Default ⌈profiles/10⌉. */
  agencyProfiles?: number;
  /** Extra NA seller profiles whose id is above 2^63-1. Default 0, at most 10. */
  oversizedProfileIds?: number;
}

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
  spCampaigns: number;
  reports: { create: number; status: number; download: number };
}

export interface TokenFaultTarget {
  userId?: string;
  refreshToken?: string;
  grantType?: TokenGrantType;
}

export interface TokenFailureFault extends TokenFaultTarget {
  /** Default 1. */
  count?: number;
  /** 400: `invalid_grant`, as Amazon answers a client of another security profile. */
  status: 500 | 503 | 429 | 400;
  /** Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
}

export interface TokenHangFault extends TokenFaultTarget {
  /** Default 1. */
  count?: number;
  /** Drop the connection after this long; default: hold it until reset. */
  durationMs?: number;
}

export type TokenChaosKind = "server_error" | "rate_limited" | "timeout" | "drop";

/** A share of token calls meets a random fault, until cleared. */
export interface TokenChaos {
  /** 0 to 1; 0 turns chaos off. */
  rate: number;
  /** Default all four. */
  kinds?: TokenChaosKind[];
  /** Retry-After of a 429. Default 1. */
  retryAfterSeconds?: number;
  /** A "timeout" call's connection is dropped after this long. Default 30,000. */
  timeoutMs?: number;
}

export interface AdsFailureFault {
  /** Default 1. */
  count?: number;
  status: 429 | 500 | 502 | 503 | 504;
  /** Sent as Retry-After (seconds). Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
  /** Default: any Ads API endpoint (report downloads only when named here or by `path`). */
  endpoint?: AdsEndpoint;
  /** An Amazon path after the region (`/sp/campaigns/list`); a trailing `*` matches a prefix. */
  path?: string;
  region?: SandboxRegion;
}

export interface DownloadAbortFault {
  /** Default 1. */
  count?: number;
  /** File bytes sent before the connection is closed. Default 0. */
  afterBytes?: number;
}

export interface ReportFailureFault {
  /** Default 1. */
  count?: number;
  /** The FAILED report's `failureReason`. */
  failureReason?: string;
}

export interface Latency {
  tokenMs: number;
  adsMs: number;
  /** Before the first byte of a report download. */
  downloadMs: number;
}

export interface FaultState {
  latency: Latency;
  tokenFailures: (TokenFailureFault & { remaining: number })[];
  tokenHangs: (TokenHangFault & { remaining: number })[];
  adsFailures: (AdsFailureFault & { remaining: number })[];
  downloadAborts: (DownloadAbortFault & { remaining: number })[];
  reportFailures: (ReportFailureFault & { remaining: number })[];
  hungRequests: number;
  /** While chaos is on: its settings and the calls that met each fault. */
  tokenChaos?: TokenChaos & { hits: Record<TokenChaosKind, number> };
}

/** How reports created from now on behave. */
export interface ReportSettings {
  /** Creation to COMPLETED, ms (PENDING the first half, PROCESSING the second). Default 2000. */
  processingMs: number;
  /** Exact size of the .json.gz download (≥ 64); null (default) = the natural size. */
  downloadBytes: number | null;
  /** X-Amz-Expires of the pre-signed URL. Default 3600. */
  urlLifetimeSeconds: number;
}

/** What the sandbox made of a request's Authorization header (the token itself is never kept). */
export type AuthorizationSeen = "absent" | "valid" | "expired" | "invalid";

/** One request to the sandbox's Amazon hosts (not consent, not the token endpoint). */
export interface LoggedRequest {
  seq: number;
  /** ISO 8601, sandbox clock. */
  at: string;
  /** The x-amzn-RequestId answered (x-amz-request-id for downloads). */
  requestId: string;
  region: SandboxRegion;
  method: string;
  /** Amazon path without `/{region}`. */
  path: string;
  /** Repeated parameters as arrays; `access_token` redacted. */
  query: Record<string, string | string[]>;
  /** null: a path the sandbox does not serve (404). */
  endpoint: AdsEndpoint | null;
  /** Every Amazon-* header, names lower-cased. */
  amazonHeaders: Record<string, string>;
  contentType: string | null;
  accept: string | null;
  authorization: AuthorizationSeen;
  /** Amazon user of a valid or expired token. */
  tokenUserId: string | null;
  bodyBytes: number;
  status: number | null;
  responseBytes: number;
  /** The whole response reached the socket. */
  completed: boolean;
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
