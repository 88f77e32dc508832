import type { Db } from "@adsconnect/db/client";

/** Pending connections are kept a day past expiry so a late callback still gets a clear "expired" page. */
export const OAUTH_STATE_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Deletes Login with Amazon states that expired more than a day ago. Returns how many went. */
export async function purgeExpiredOAuthStates(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.oAuthState.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - OAUTH_STATE_RETENTION_MS) } },
  });
  return count;
}
