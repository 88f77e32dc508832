/**
 * Test controls over a running sandbox: faults, latency, revocation, early expiry, counters,
 * synthetic grants. The library object and the `/__sandbox/` admin API both use these.
 */
import { randomBytes } from "node:crypto";
import { ADS_SCOPE, KNOWN_SCOPES, mintRefreshToken, type SandboxCore } from "./core";
import {
  dspAdvertisersOf,
  findSeededUser,
  findUser,
  generatedAgencyUserId,
  SEEDED_USERS,
  SYNTHETIC_USER_PREFIX,
  type GeneratedAgencyOptions,
  type SandboxUser,
  type UserKind,
} from "./seed";
import { MIN_FILE_BYTES } from "./gzip-stored";
import type { LoggedRequest } from "./request-log";
import type {
  AdsFailureFault,
  Counters,
  DownloadAbortFault,
  FaultState,
  Latency,
  ReportFailureFault,
  ReportSettings,
  TokenChaos,
  TokenFailureFault,
  TokenHangFault,
} from "./state";

export interface Grant {
  userId: string;
  refreshToken: string;
  scope: string;
}

export interface MintGrantsOptions {
  /** How many grants. Default 1. */
  count?: number;
  /** Space-separated scopes. Default "advertising::campaign_management profile". */
  scope?: string;
  /** Mint for this seeded user; default: a new synthetic user per grant. */
  userId?: string;
}

/** A seeded user as the admin API describes it: profile ids as decimal strings. */
export interface UserDescription {
  userId: string;
  name: string;
  email: string;
  kind: UserKind;
  profiles: {
    profileId: string;
    region: "na" | "eu" | "fe";
    countryCode: string;
    type: "seller" | "vendor" | "agency";
    name: string;
    /** Agency (DSP) profiles only. */
    dspAdvertiserCount?: number;
  }[];
}

export interface Health {
  status: "ok";
  clientId: string;
  allowedRedirectUris: string[];
  accessTokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
}

const DEFAULT_GRANT_SCOPE = `${ADS_SCOPE} profile`;

function describeUser(u: SandboxUser): UserDescription {
  return {
    userId: u.userId,
    name: u.name,
    email: u.email,
    kind: u.kind,
    profiles: u.profiles.map((p) => {
      const id = p.profileId.toString();
      return {
        profileId: id,
        region: p.region,
        countryCode: p.countryCode,
        type: p.accountInfo.type,
        name: p.accountInfo.name,
        ...(p.accountInfo.type === "agency"
          ? { dspAdvertiserCount: dspAdvertisersOf(u, id).length }
          : {}),
      };
    }),
  };
}

export function createControls(core: SandboxCore) {
  const { state } = core;
  const now = () => core.config.clock.now();

  return {
    health(): Health {
      return {
        status: "ok",
        clientId: core.config.clientId,
        allowedRedirectUris: [...core.config.allowedRedirectUris],
        accessTokenLifetimeSeconds: core.config.accessTokenLifetimeSeconds,
        codeLifetimeSeconds: core.config.codeLifetimeSeconds,
      };
    },

    describeUsers(): UserDescription[] {
      return SEEDED_USERS.map(describeUser);
    },

    /**
     * A new big agency (2,000 profiles, 5,000 DSP advertisers, say), derived from its id like
     * synthetic users; it signs in on the consent page by id (`user=`), like a seeded user.
     */
    createGeneratedAgency(options: GeneratedAgencyOptions): UserDescription {
      const userId = generatedAgencyUserId(options, randomBytes(4).readUInt32BE(0));
      const user = findUser(userId);
      if (!user) throw new Error("the generated agency is out of the sandbox's limits");
      return describeUser(user);
    },

    /** A snapshot of the calls received since start or the last reset(). */
    counters(): Counters {
      return structuredClone(state.counters);
    },

    /**
     * Back to a fresh start: counters, faults, latency, codes, revocations, early expiries,
     * reports, report settings and the request log.
     */
    reset(): void {
      state.reset();
    },

    faults(): FaultState {
      return state.faultState();
    },

    /** Removes every fault and the latency, and drops hung requests. */
    clearFaults(): void {
      state.clearFaults();
    },

    /** The next `count` (default 1) matching token calls fail with `status`. */
    failTokenCalls(fault: TokenFailureFault): void {
      state.tokenFailures.push({ remaining: fault.count ?? 1, fault: { ...fault } });
    },

    /**
     * From now until cleared, a share of token calls (`rate`) meets a random fault: 500, 429 with
     * Retry-After, a timeout, or a dropped connection. A rate of 0 turns it off.
     */
    setTokenChaos(chaos: TokenChaos): void {
      state.tokenChaos =
        chaos.rate > 0
          ? {
              ...chaos,
              hits: { server_error: 0, rate_limited: 0, timeout: 0, drop: 0 },
            }
          : null;
    },

    /** The next `count` (default 1) matching token calls get no answer. */
    hangTokenCalls(fault: TokenHangFault = {}): void {
      state.tokenHangs.push({ remaining: fault.count ?? 1, fault: { ...fault } });
    },

    /**
     * The next `count` (default 1) matching Ads API calls fail with `status` (optionally one
     * endpoint, path or region; report downloads only when targeted).
     */
    failAdsCalls(fault: AdsFailureFault): void {
      state.adsFailures.push({ remaining: fault.count ?? 1, fault: { ...fault } });
    },

    /** The next `count` (default 1) report downloads are cut after `afterBytes` (default 0). */
    abortDownloads(fault: DownloadAbortFault = {}): void {
      state.downloadAborts.push({ remaining: fault.count ?? 1, fault: { ...fault } });
    },

    /** The next `count` (default 1) reports created end FAILED instead of COMPLETED. */
    failReports(fault: ReportFailureFault = {}): void {
      state.reportFailures.push({ remaining: fault.count ?? 1, fault: { ...fault } });
    },

    /** Sets the latency for token, Ads and/or download calls; fields left out keep their value. */
    setLatency(latency: Partial<Latency>): void {
      state.latency = { ...state.latency, ...latency };
    },

    reportSettings(): ReportSettings {
      return { ...state.reportSettings };
    },

    /** Changes how reports created from now on behave; fields left out keep their value. */
    setReportSettings(settings: Partial<ReportSettings>): ReportSettings {
      if (
        settings.downloadBytes !== undefined &&
        settings.downloadBytes !== null &&
        settings.downloadBytes < MIN_FILE_BYTES
      ) {
        throw new Error(`downloadBytes must be at least ${MIN_FILE_BYTES}`);
      }
      state.reportSettings = { ...state.reportSettings, ...settings };
      return { ...state.reportSettings };
    },

    /** The last `limit` (default 50) requests to the Ads API hosts, oldest first. */
    requests(limit = 50): LoggedRequest[] {
      return state.requestLog.list(limit);
    },

    clearRequests(): void {
      state.requestLog.clear();
    },

    /** The person removed the app: every refresh token issued to them so far is invalid_grant. */
    revokeUser(userId: string): void {
      state.userRevokedAt.set(userId, now());
    },

    /** Revokes the grant behind one refresh token; returns its user id, or undefined if not ours. */
    revokeRefreshToken(refreshToken: string): string | undefined {
      const claims = core.codec.verifyRefresh(refreshToken);
      if (!claims) return undefined;
      state.revokedGrants.add(claims.gid);
      return claims.uid;
    },

    /** Expires one access token now (the Ads API answers 401); false if it is not ours. */
    expireAccessToken(accessToken: string): boolean {
      const claims = core.codec.verifyAccess(accessToken);
      if (!claims) return false;
      state.expiredAccessTokens.add(claims.jti);
      return true;
    },

    /** Expires every access token issued to the user so far; new ones (a refresh) work. */
    expireAccessTokensOfUser(userId: string): void {
      state.userAccessExpiredAt.set(userId, now());
    },

    /**
     * Expires every access token issued so far from the grant behind a refresh token; refreshing
     * gives one that works. Returns the grant's user id, or undefined if the token is not ours.
     */
    expireAccessTokensOfGrant(refreshToken: string): string | undefined {
      const claims = core.codec.verifyRefresh(refreshToken);
      if (!claims) return undefined;
      state.grantAccessExpiredAt.set(claims.gid, now());
      return claims.uid;
    },

    /**
     * Refresh tokens without the consent dance: for a seeded user, or for new synthetic users
     * (each owning one NA seller profile). Stateless, so 10,000 take a few milliseconds.
     */
    mintGrants(options: MintGrantsOptions = {}): Grant[] {
      const count = options.count ?? 1;
      const scope = options.scope ?? DEFAULT_GRANT_SCOPE;
      const scopes = scope.split(" ").filter(Boolean);
      if (!scopes.includes(ADS_SCOPE) || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
        throw new Error(`scope must include ${ADS_SCOPE} and only known scopes`);
      }
      if (options.userId !== undefined && !findSeededUser(options.userId)) {
        throw new Error(`unknown seeded user ${options.userId}`);
      }
      const batch = randomBytes(4).toString("hex").toUpperCase();
      return Array.from({ length: count }, (_, i) => {
        const userId =
          options.userId ?? `${SYNTHETIC_USER_PREFIX}${batch}${String(i).padStart(7, "0")}`;
        const { refreshToken } = mintRefreshToken(core, { userId, scope: scopes.join(" ") });
        return { userId, refreshToken, scope: scopes.join(" ") };
      });
    },
  };
}

export type SandboxControls = ReturnType<typeof createControls>;
