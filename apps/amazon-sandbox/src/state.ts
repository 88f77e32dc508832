/**
 * The sandbox's in-memory state: authorization codes, revocations, early-expired access tokens,
 * counters, fault controls, async reports and the request log. `reset()` returns all of it to
 * the state of a fresh start.
 */
import type { ReportRecord } from "./reports";
import { RequestLog } from "./request-log";
import type { Region } from "./seed";
import type { AccessClaims, RefreshClaims } from "./tokens";

export type TokenGrantType = "authorization_code" | "refresh_token";
/**
 * The Ads API endpoints the sandbox serves, by name. `reportDownload` is the report file itself
 * (Amazon's S3 pre-signed URL), not an Ads API call.
 */
export type AdsEndpoint =
  | "profiles"
  | "dspAdvertisers"
  | "userProfile"
  | "spCampaigns"
  | "reportCreate"
  | "reportStatus"
  | "reportDownload";

export interface Counters {
  consent: { page: number; allow: number; cancel: number };
  /** Token calls received, by grant type; `other` is a missing or unsupported grant_type. */
  token: { authorization_code: number; refresh_token: number; other: number };
  profiles: Record<Region, number>;
  dspAdvertisers: number;
  userProfile: number;
  /** `POST /sp/campaigns/list`, all regions. */
  spCampaigns: number;
  /** `POST /reporting/reports`, `GET /reporting/reports/{id}` and report file downloads. */
  reports: { create: number; status: number; download: number };
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
  /**
   * 400 answers `invalid_grant`, as Amazon does to every refresh token when called with another
   * security profile's client id and secret (RFC 6749 §5.2); the grants themselves stay valid.
   */
  status: 500 | 503 | 429 | 400;
  /** Sent as `Retry-After` (seconds). Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
}

export interface TokenHangFault extends TokenFaultTarget {
  /** How many matching calls hang. Default 1. */
  count?: number;
  /** Drop the connection after this long; default: hold it until reset() or close(). */
  durationMs?: number;
}

/** What a token call hit by chaos meets. */
export type TokenChaosKind = "server_error" | "rate_limited" | "timeout" | "drop";

/**
 * A share of token calls fails, each with a fault picked at random: 500, 429 with Retry-After, no
 * answer until the connection is dropped after `timeoutMs` (a timeout for a client that waits
 * less), or the connection dropped at once. Until cleared.
 */
export interface TokenChaos {
  /** The share of token calls hit, 0 to 1. */
  rate: number;
  /** The faults to pick from. Default all four. */
  kinds?: TokenChaosKind[];
  /** Retry-After of a 429, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** How long a "timeout" call is held before its connection is dropped. Default 30,000. */
  timeoutMs?: number;
}

export interface AdsFailureFault {
  /** How many matching calls fail. Default 1. */
  count?: number;
  status: 500 | 502 | 503 | 504 | 429;
  /** Sent as `Retry-After` (seconds). Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
  /**
   * Only this endpoint. Default: any Ads API endpoint (and /user/profile), but never report file
   * downloads, which are S3 in real life: target those with `endpoint: "reportDownload"`.
   */
  endpoint?: AdsEndpoint;
  /**
   * Only this Amazon path (after the region), e.g. `/sp/campaigns/list`; a trailing `*` matches
   * a prefix (`/reporting/reports*`). Alone, it matches downloads too.
   */
  path?: string;
  /** Only this region. */
  region?: Region;
}

/** Which calls an Ads failure applies to, as the router sees them. */
export interface AdsCall {
  endpoint: AdsEndpoint;
  region: Region;
  /** The Amazon path, without the `/{region}` prefix. */
  path: string;
}

export interface DownloadAbortFault {
  /** How many downloads are cut. Default 1. */
  count?: number;
  /** Bytes of the file sent before the connection is destroyed. Default 0 (right after the headers). */
  afterBytes?: number;
}

export interface ReportFailureFault {
  /** How many newly created reports end FAILED instead of COMPLETED. Default 1. */
  count?: number;
  /** The report's `failureReason`. Default "Report generation failed due to an internal error." */
  failureReason?: string;
}

export interface Latency {
  /** Added to every token call. Default 0. */
  tokenMs: number;
  /** Added to every Ads API and /user/profile call. Default 0. */
  adsMs: number;
  /** Added before the first byte of a report file download. Default 0. */
  downloadMs: number;
}

/** How the async reports of `/reporting/reports` behave; applies to reports created afterwards. */
export interface ReportSettings {
  /**
   * Time from creation to COMPLETED (PENDING for the first half, PROCESSING for the second), on
   * the sandbox's clock. Default 2000.
   */
  processingMs: number;
  /**
   * Exact size in bytes of the downloaded `.json.gz` file; rows are generated to fill it. `null`
   * (default): the report's natural size, one row per campaign (and day for DAILY).
   */
  downloadBytes: number | null;
  /** Lifetime of the pre-signed download URL (`X-Amz-Expires`). Default 3600, as Amazon's. */
  urlLifetimeSeconds: number;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  processingMs: 2000,
  downloadBytes: null,
  urlLifetimeSeconds: 3600,
};

export const TOKEN_CHAOS_KINDS: readonly TokenChaosKind[] = [
  "server_error",
  "rate_limited",
  "timeout",
  "drop",
];

interface Rule<T> {
  remaining: number;
  fault: T;
}

export interface FaultState {
  latency: Latency;
  tokenFailures: (TokenFailureFault & { remaining: number })[];
  tokenHangs: (TokenHangFault & { remaining: number })[];
  adsFailures: (AdsFailureFault & { remaining: number })[];
  downloadAborts: (DownloadAbortFault & { remaining: number })[];
  reportFailures: (ReportFailureFault & { remaining: number })[];
  hungRequests: number;
  /** Present while chaos is on: its settings and how many calls met each fault. */
  tokenChaos?: TokenChaos & { hits: Record<TokenChaosKind, number> };
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
  spCampaigns: 0,
  reports: { create: 0, status: 0, download: 0 },
});

export class SandboxState {
  counters: Counters = emptyCounters();
  latency: Latency = { tokenMs: 0, adsMs: 0, downloadMs: 0 };
  readonly codes = new Map<string, CodeRecord>();
  /** Grant ids revoked one by one (a reused code, a revoked refresh token). */
  readonly revokedGrants = new Set<string>();
  /** Per user: refresh tokens issued at or before this time (ms) are revoked. */
  readonly userRevokedAt = new Map<string, number>();
  readonly expiredAccessTokens = new Set<string>();
  /** Per user: access tokens issued at or before this time (ms) are expired. */
  readonly userAccessExpiredAt = new Map<string, number>();
  /** Per grant id: access tokens issued at or before this time (ms) are expired. */
  readonly grantAccessExpiredAt = new Map<string, number>();
  tokenFailures: Rule<TokenFailureFault>[] = [];
  tokenHangs: Rule<TokenHangFault>[] = [];
  adsFailures: Rule<AdsFailureFault>[] = [];
  downloadAborts: Rule<DownloadAbortFault>[] = [];
  reportFailures: Rule<ReportFailureFault>[] = [];
  tokenChaos: (TokenChaos & { hits: Record<TokenChaosKind, number> }) | null = null;
  /** Requests being held open by a hang fault; reset() and close() drop them. */
  readonly hung = new Set<() => void>();
  /** Async reports by report id. */
  readonly reports = new Map<string, ReportRecord>();
  reportSettings: ReportSettings = { ...DEFAULT_REPORT_SETTINGS };
  readonly requestLog = new RequestLog();

  reset(): void {
    this.counters = emptyCounters();
    this.clearFaults();
    this.codes.clear();
    this.revokedGrants.clear();
    this.userRevokedAt.clear();
    this.expiredAccessTokens.clear();
    this.userAccessExpiredAt.clear();
    this.grantAccessExpiredAt.clear();
    this.reports.clear();
    this.reportSettings = { ...DEFAULT_REPORT_SETTINGS };
    this.requestLog.clear();
  }

  clearFaults(): void {
    this.latency = { tokenMs: 0, adsMs: 0, downloadMs: 0 };
    this.tokenFailures = [];
    this.tokenHangs = [];
    this.adsFailures = [];
    this.downloadAborts = [];
    this.reportFailures = [];
    this.tokenChaos = null;
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
    return claims.iat <= this.accessExpiredBefore(claims.uid, claims.gid);
  }

  /**
   * The latest early-expiry mark for a user's or grant's access tokens (-Infinity if none): tokens
   * issued at or before it are expired, so new ones are issued after it.
   */
  accessExpiredBefore(userId: string, grantId: string): number {
    return Math.max(
      this.userAccessExpiredAt.get(userId) ?? -Infinity,
      this.grantAccessExpiredAt.get(grantId) ?? -Infinity,
    );
  }

  /** Consumes one matching token failure, if any. */
  takeTokenFailure(call: Required<Pick<TokenFaultTarget, "grantType">> & TokenFaultTarget) {
    return take(this.tokenFailures, (f) => matchesToken(f, call));
  }

  takeTokenHang(call: Required<Pick<TokenFaultTarget, "grantType">> & TokenFaultTarget) {
    return take(this.tokenHangs, (f) => matchesToken(f, call));
  }

  /** The fault chaos picks for one token call, if it hits it. */
  takeTokenChaos(random: () => number = Math.random): TokenChaosKind | undefined {
    const chaos = this.tokenChaos;
    if (!chaos || random() >= chaos.rate) return undefined;
    const kinds = chaos.kinds?.length ? chaos.kinds : TOKEN_CHAOS_KINDS;
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    chaos.hits[kind] += 1;
    return kind;
  }

  takeAdsFailure(call: AdsCall) {
    return take(this.adsFailures, (f) => matchesAds(f, call));
  }

  takeDownloadAbort() {
    return take(this.downloadAborts, () => true);
  }

  takeReportFailure() {
    return take(this.reportFailures, () => true);
  }

  faultState(): FaultState {
    const view = <T>(rules: Rule<T>[]) =>
      rules.map((r) => ({ ...r.fault, remaining: r.remaining }));
    return {
      latency: { ...this.latency },
      tokenFailures: view(this.tokenFailures),
      tokenHangs: view(this.tokenHangs),
      adsFailures: view(this.adsFailures),
      downloadAborts: view(this.downloadAborts),
      reportFailures: view(this.reportFailures),
      hungRequests: this.hung.size,
      ...(this.tokenChaos
        ? { tokenChaos: { ...this.tokenChaos, hits: { ...this.tokenChaos.hits } } }
        : {}),
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

function matchesAds(f: AdsFailureFault, call: AdsCall): boolean {
  if (f.region !== undefined && f.region !== call.region) return false;
  if (f.path !== undefined) {
    const matches = f.path.endsWith("*")
      ? call.path.startsWith(f.path.slice(0, -1))
      : call.path === f.path;
    if (!matches) return false;
  }
  if (f.endpoint !== undefined) return f.endpoint === call.endpoint;
  // A bare fault (or one by path only) is for the Ads API; downloads are S3 and opt in by path.
  return call.endpoint !== "reportDownload" || f.path !== undefined;
}

function take<T>(rules: Rule<T>[], matches: (fault: T) => boolean): T | undefined {
  const index = rules.findIndex((r) => r.remaining > 0 && matches(r.fault));
  if (index < 0) return undefined;
  const rule = rules[index]!;
  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule.fault;
}
