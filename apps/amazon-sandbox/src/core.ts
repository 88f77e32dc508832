/** What every route needs: the configuration, the state, the token codec and the clock. */
import type { Clock } from "./clock";
import type { SandboxState } from "./state";
import { newId, type RefreshClaims, type TokenCodec } from "./tokens";

export interface SandboxConfig {
  clientId: string;
  clientSecret: string;
  allowedRedirectUris: ReadonlySet<string>;
  accessTokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  clock: Clock;
}

export interface SandboxCore {
  config: SandboxConfig;
  state: SandboxState;
  codec: TokenCodec;
  /** Pending latency timers, cleared on close(). */
  timers: Set<NodeJS.Timeout>;
  /**
   * `http://host:port` while listening: report download URLs point here. When the sandbox is
   * mounted in another server instead, the request's Host header is used.
   */
  origin: string | undefined;
}

export const ADS_SCOPE = "advertising::campaign_management";
/** Scopes LwA grants to an Ads API app; anything else is invalid_scope. */
export const KNOWN_SCOPES = new Set([ADS_SCOPE, "profile", "profile:user_id", "postal_code"]);

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

/**
 * A fresh access token for a grant, answered with the grant's refresh token. Its issue time is
 * pushed past any early expiry of the user's or grant's tokens, so a refresh in the same
 * millisecond as an `expire-access-token` still yields a working token.
 */
export function issueAccessToken(
  core: SandboxCore,
  grant: RefreshClaims,
  refreshToken: string,
): TokenResponse {
  const now = core.config.clock.now();
  const lifetime = core.config.accessTokenLifetimeSeconds;
  const accessToken = core.codec.signAccess({
    uid: grant.uid,
    cid: grant.cid,
    scp: grant.scp,
    gid: grant.gid,
    iat: Math.max(now, core.state.accessExpiredBefore(grant.uid, grant.gid) + 1),
    jti: newId(),
    exp: now + lifetime * 1000,
  });
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: "bearer",
    expires_in: lifetime,
  };
}

/**
 * A refresh token for a new grant. Issue times after a user-wide revocation are pushed past it,
 * so a consent given in the same millisecond as a revocation still yields a working token.
 */
export function mintRefreshToken(
  core: SandboxCore,
  grant: { userId: string; scope: string; clientId?: string; grantId?: string },
) {
  const revokedAt = core.state.userRevokedAt.get(grant.userId) ?? -Infinity;
  const claims: RefreshClaims = {
    uid: grant.userId,
    cid: grant.clientId ?? core.config.clientId,
    scp: grant.scope,
    gid: grant.grantId ?? newId(),
    iat: Math.max(core.config.clock.now(), revokedAt + 1),
  };
  return { claims, refreshToken: core.codec.signRefresh(claims) };
}
