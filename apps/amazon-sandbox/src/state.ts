/**
 * The sandbox's in-memory state: authorization codes, revocations, early-expired access tokens,
 * counters and fault controls. `reset()` returns all of it to the state of a fresh start.
 */
import type { Region } from "./seed";
import type { AccessClaims, RefreshClaims } from "./tokens";

export type TokenGrantType = "authorization_code" | "refresh_token";
export type AdsEndpoint = "profiles" | "dspAdvertisers" | "userProfile";

export interface Counters {
  consent: { page: number; allow: number; cancel: number };
  /** Token calls received, by grant type; `other` is a missing or unsupported grant_type. */
  token: { authorization_code: number; refresh_token: number; other: number };
  profiles: Record<Region, number>;
  dspAdvertisers: number;
  userProfile: number;
}

/** Which token calls a fault applies to; every field given must match. */
export interface TokenFaultTarget {
  /** Only calls for this Amazon user (from the code or the refresh token). */
  userId?: string;
  /** Only refresh calls presenting exactly this refresh token. */
  refreshToken?: string;
  grantType?: TokenGrantType;
}

export interface TokenFailureFault extends TokenFaultTarget {
  /** How many matching calls fail. Default 1. */
  count?: number;
  status: 500 | 503 | 429;
  /** Sent as `Retry-After` (seconds). Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
}

export interface TokenHangFault extends TokenFaultTarget {
  /** How many matching calls hang. Default 1. */
  count?: number;
  /** Drop the connection after this long; default: hold it until reset() or close(). */
  durationMs?: number;
}

export interface AdsFailureFault {
  /** How many matching calls fail. Default 1. */
  count?: number;
  status: 500 | 502 | 503 | 504 | 429;
  /** Sent as `Retry-After` (seconds). Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
  /** Only this endpoint; default any Ads API endpoint. */
  endpoint?: AdsEndpoint;
}

export interface Latency {
  /** Added to every token call. Default 0. */
  tokenMs: number;
  /** Added to every Ads API and /user/profile call. Default 0. */
  adsMs: number;
}

interface Rule<T> {
  remaining: number;
  fault: T;
}

export interface FaultState {
  latency: Latency;
  tokenFailures: (TokenFailureFault & { remaining: number })[];
  tokenHangs: (TokenHangFault & { remaining: number })[];
  adsFailures: (AdsFailureFault & { remaining: number })[];
  hungRequests: number;
}

export interface CodeRecord {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod: "S256" | "plain";
  expiresAt: number;
  grantId: string;
  redeemed: boolean;
}

const emptyCounters = (): Counters => ({
  consent: { page: 0, allow: 0, cancel: 0 },
  token: { authorization_code: 0, refresh_token: 0, other: 0 },
  profiles: { na: 0, eu: 0, fe: 0 },
  dspAdvertisers: 0,
  userProfile: 0,
});

export class SandboxState {
  counters: Counters = emptyCounters();
  latency: Latency = { tokenMs: 0, adsMs: 0 };
  readonly codes = new Map<string, CodeRecord>();
  /** Grant ids revoked one by one (a reused code, a revoked refresh token). */
  readonly revokedGrants = new Set<string>();
  /** Per user: refresh tokens issued at or before this time (ms) are revoked. */
  readonly userRevokedAt = new Map<string, number>();
  readonly expiredAccessTokens = new Set<string>();
  /** Per user: access tokens issued at or before this time (ms) are expired. */
  readonly userAccessExpiredAt = new Map<string, number>();
  tokenFailures: Rule<TokenFailureFault>[] = [];
  tokenHangs: Rule<TokenHangFault>[] = [];
  adsFailures: Rule<AdsFailureFault>[] = [];
  /** Requests being held open by a hang fault; reset() and close() drop them. */
  readonly hung = new Set<() => void>();

  reset(): void {
    this.counters = emptyCounters();
    this.clearFaults();
    this.codes.clear();
    this.revokedGrants.clear();
    this.userRevokedAt.clear();
    this.expiredAccessTokens.clear();
    this.userAccessExpiredAt.clear();
  }

  clearFaults(): void {
    this.latency = { tokenMs: 0, adsMs: 0 };
    this.tokenFailures = [];
    this.tokenHangs = [];
    this.adsFailures = [];
    this.releaseHung();
  }

  releaseHung(): void {
    for (const drop of [...this.hung]) drop();
    this.hung.clear();
  }

  isRefreshRevoked(claims: RefreshClaims): boolean {
    if (this.revokedGrants.has(claims.gid)) return true;
    const revokedAt = this.userRevokedAt.get(claims.uid);
    return revokedAt !== undefined && claims.iat <= revokedAt;
  }

  isAccessExpired(claims: AccessClaims, now: number): boolean {
    if (
      claims.exp <= now ||
      this.expiredAccessTokens.has(claims.jti) ||
      this.revokedGrants.has(claims.gid)
    ) {
      return true;
    }
    const expiredAt = this.userAccessExpiredAt.get(claims.uid);
    return expiredAt !== undefined && claims.iat <= expiredAt;
  }

  /** Consumes one matching token failure, if any. */
  takeTokenFailure(call: Required<Pick<TokenFaultTarget, "grantType">> & TokenFaultTarget) {
    return take(this.tokenFailures, (f) => matchesToken(f, call));
  }

  takeTokenHang(call: Required<Pick<TokenFaultTarget, "grantType">> & TokenFaultTarget) {
    return take(this.tokenHangs, (f) => matchesToken(f, call));
  }

  takeAdsFailure(endpoint: AdsEndpoint) {
    return take(this.adsFailures, (f) => f.endpoint === undefined || f.endpoint === endpoint);
  }

  faultState(): FaultState {
    const view = <T>(rules: Rule<T>[]) =>
      rules.map((r) => ({ ...r.fault, remaining: r.remaining }));
    return {
      latency: { ...this.latency },
      tokenFailures: view(this.tokenFailures),
      tokenHangs: view(this.tokenHangs),
      adsFailures: view(this.adsFailures),
      hungRequests: this.hung.size,
    };
  }

  /** Drops codes that expired long ago so the map cannot grow without bound. */
  pruneCodes(now: number): void {
    if (this.codes.size < 1000) return;
    for (const [code, record] of this.codes) {
      if (record.expiresAt + 10 * 60_000 < now) this.codes.delete(code);
    }
  }
}

function matchesToken(f: TokenFaultTarget, call: TokenFaultTarget): boolean {
  return (
    (f.grantType === undefined || f.grantType === call.grantType) &&
    (f.userId === undefined || f.userId === call.userId) &&
    (f.refreshToken === undefined || f.refreshToken === call.refreshToken)
  );
}

function take<T>(rules: Rule<T>[], matches: (fault: T) => boolean): T | undefined {
  const index = rules.findIndex((r) => r.remaining > 0 && matches(r.fault));
  if (index < 0) return undefined;
  const rule = rules[index]!;
  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule.fault;
}
