/** Typed helpers for every `/__sandbox/` endpoint of a running Amazon sandbox. */
import type {
  AdsFailureFault,
  Counters,
  DownloadAbortFault,
  FaultState,
  GeneratedAgencyOptions,
  Grant,
  Health,
  Latency,
  LoggedRequest,
  MintGrantsOptions,
  ReportFailureFault,
  ReportSettings,
  SeededUser,
  TokenChaos,
  TokenFailureFault,
  TokenHangFault,
  UserKind,
} from "./types";

export class SandboxAdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    path: string,
  ) {
    super(`amazon-sandbox admin ${path} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export function createSandboxAdmin(origin: string) {
  async function call<T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${origin}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new SandboxAdminError(res.status, json, path);
    return json as T;
  }

  return {
    health: () => call<Health>("GET", "health"),
    /** The seeded Amazon users and their profiles (ids as exact decimal strings). */
    users: async () => (await call<{ users: SeededUser[] }>("GET", "users")).users,
    /** The first seeded user of a kind: "seller", "vendor", "agency" or "no-profiles". */
    user: async (kind: UserKind) => {
      const { users } = await call<{ users: SeededUser[] }>("GET", "users");
      const found = users.find((u) => u.kind === kind);
      if (!found) throw new Error(`amazon-sandbox has no seeded ${kind} user`);
      return found;
    },
    /**
     * A new Amazon user with as many profiles (across regions) and DSP advertisers as asked, and
     * optionally profile ids above 2^63-1; sign in as it with `driveConsent({ userId })`.
     */
    createGeneratedAgency: (options: GeneratedAgencyOptions) =>
      call<SeededUser>("POST", "users/agency", options),
    counters: () => call<Counters>("GET", "counters"),
    /**
     * Counters, faults, latency, codes, revocations, early expiries, reports, report settings
     * and the request log back to a fresh start.
     */
    reset: () => call<{ ok: true }>("POST", "reset"),
    faults: () => call<FaultState>("GET", "faults"),
    clearFaults: () => call<FaultState>("DELETE", "faults"),
    failTokenCalls: (fault: TokenFailureFault) => call<FaultState>("POST", "faults/token", fault),
    /** Until cleared, a share of token calls meets a random 500, 429, timeout or dropped connection. */
    setTokenChaos: (chaos: TokenChaos) => call<FaultState>("POST", "faults/token-chaos", chaos),
    hangTokenCalls: (fault: TokenHangFault = {}) =>
      call<FaultState>("POST", "faults/token-hang", fault),
    /** The next N matching Ads calls answer 429 (with Retry-After) or 5xx in Amazon's shape. */
    failAdsCalls: (fault: AdsFailureFault) => call<FaultState>("POST", "faults/ads", fault),
    /** The next N report downloads are cut after `afterBytes` of the file. */
    abortDownloads: (fault: DownloadAbortFault = {}) =>
      call<FaultState>("POST", "faults/download-abort", fault),
    /** The next N reports created end FAILED. */
    failReports: (fault: ReportFailureFault = {}) =>
      call<FaultState>("POST", "faults/report-failure", fault),
    setLatency: (latency: Partial<Latency>) => call<Latency>("POST", "latency", latency),
    reportSettings: () => call<ReportSettings>("GET", "reports/settings"),
    /** Processing time, exact download size and URL lifetime of reports created from now on. */
    setReportSettings: (settings: Partial<ReportSettings>) =>
      call<ReportSettings>("POST", "reports/settings", settings),
    /** The last `limit` (default 50, at most 1000) requests to the Amazon hosts, oldest first. */
    requests: async (limit?: number) =>
      (
        await call<{ requests: LoggedRequest[] }>(
          "GET",
          limit === undefined ? "requests" : `requests?limit=${limit}`,
        )
      ).requests,
    clearRequests: () => call<{ ok: true }>("DELETE", "requests"),
    revokeUser: (userId: string) =>
      call<{ revoked: true; userId: string }>("POST", "revoke", { userId }),
    revokeRefreshToken: (refreshToken: string) =>
      call<{ revoked: true; userId: string }>("POST", "revoke", { refreshToken }),
    expireAccessToken: (accessToken: string) =>
      call<{ expired: true }>("POST", "expire-access-token", { accessToken }),
    expireAccessTokensOfUser: (userId: string) =>
      call<{ expired: true; userId: string }>("POST", "expire-access-token", { userId }),
    /** Every access token issued so far from this refresh token's grant; a refresh works again. */
    expireAccessTokensOfGrant: (refreshToken: string) =>
      call<{ expired: true; userId: string }>("POST", "expire-access-token", { refreshToken }),
    /** Refresh tokens without consent: for new synthetic users (default) or a seeded user. */
    mintGrants: async (options: MintGrantsOptions = {}) =>
      (await call<{ grants: Grant[] }>("POST", "grants", options)).grants,
  };
}

export type SandboxAdmin = ReturnType<typeof createSandboxAdmin>;
