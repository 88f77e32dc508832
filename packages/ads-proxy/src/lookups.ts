import { createHash } from "node:crypto";

import { authenticateApiKey, type ApiKeyPrincipal } from "@adsconnect/api/authenticate-api-key";
import {
  getAccessToken,
  HANDOUT_MIN_VALIDITY_SECONDS,
  type AccessTokenGrant,
  type HandOutServices,
} from "@adsconnect/tokens/get-access-token";

/** Entries kept at most per cache; past it the cache starts over (a burst of distinct keys or accounts). */
const MAX_ENTRIES = 10_000;

/**
 * The two lookups every proxied call makes — the API key, then the account's
 * token through the hand-out — remembered for `ttlMs` per key and per
 * (account, workspace), so a busy internal app costs Postgres two queries per key
 * and account every `ttlMs` rather than two per call (on a small shared
 * machine each round trip costs about what the rest of the proxy's work
 * does). The price: a key revoked (or bound to a creator who left the workspace), or an
 * account disconnected, keeps working
 * through this process for at most `ttlMs`. A remembered token is handed out
 * only while it stays valid for HANDOUT_MIN_VALIDITY_SECONDS, like the
 * hand-out's own. Refusals are never remembered. `ttlMs` 0 turns both off.
 */
export function createLookups(services: HandOutServices, ttlMs: number) {
  const keys = new Map<string, { principal: ApiKeyPrincipal; until: number }>();
  const grants = new Map<string, { grant: AccessTokenGrant; until: number }>();

  function remember<T>(map: Map<string, T>, key: string, value: T): void {
    if (ttlMs <= 0) return;
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }

  return {
    /** The active key's principal, or null (malformed, unknown, revoked). */
    async principal(rawKey: string): Promise<ApiKeyPrincipal | null> {
      const now = Date.now();
      // By hash, so the cache holds no key.
      const id = createHash("sha256").update(rawKey).digest("base64");
      const known = keys.get(id);
      if (known && known.until > now) return known.principal;
      const principal = await authenticateApiKey(services.pool, rawKey, services.now());
      // Never remembered past the key's own expiry.
      if (principal)
        remember(keys, id, {
          principal,
          until: Math.min(now + ttlMs, principal.expiresAt?.getTime() ?? Infinity),
        });
      else keys.delete(id);
      return principal;
    },

    /**
     * A token for one of `workspaceId`'s accounts, from the hand-out (its errors as
     * it throws them). With `rejectedAccessToken`: another one, always asked
     * of the hand-out (see HandOutRequest), and remembered in its place.
     */
    async grant(request: {
      accountId: string;
      workspaceId: string;
      rejectedAccessToken?: string;
    }): Promise<AccessTokenGrant> {
      const id = `${request.accountId} ${request.workspaceId}`;
      const now = Date.now();
      if (request.rejectedAccessToken === undefined) {
        const known = grants.get(id);
        if (
          known &&
          known.until > now &&
          known.grant.expiresAt.getTime() - now >= HANDOUT_MIN_VALIDITY_SECONDS * 1000
        )
          return known.grant;
      }
      try {
        const grant = await getAccessToken(services, request);
        remember(grants, id, { grant, until: now + ttlMs });
        return grant;
      } catch (error) {
        grants.delete(id);
        throw error;
      }
    },
  };
}

export type Lookups = ReturnType<typeof createLookups>;
