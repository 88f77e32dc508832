import type { Services } from "@adsconnect/services";

/**
 * The accounts due for a refresh: connected, with an access token expiring
 * before $1. A range scan of the (status, access_token_expires_at) index, so
 * the sweep costs what the due rows cost, not what the table holds.
 */
export const DUE_ACCOUNTS_SQL = `SELECT id FROM amazon_accounts
 WHERE status IN ('active', 'refresh_failing') AND access_token_expires_at < $1
 ORDER BY access_token_expires_at`;

/**
 * The ids of the accounts whose access token expires within
 * `refresh.leadSeconds` (or has expired), soonest first: what the worker's
 * minute sweep enqueues a refresh for.
 */
export async function dueAccountIds(
  services: Pick<Services, "pool" | "refresh" | "now">,
): Promise<string[]> {
  const before = new Date(services.now().getTime() + services.refresh.leadSeconds * 1000);
  const { rows } = await services.pool.query<{ id: string }>(DUE_ACCOUNTS_SQL, [before]);
  return rows.map((row) => row.id);
}

/** The ids of every connected (active or refresh_failing) account, in id order. */
export async function connectedAccountIds(services: Pick<Services, "pool">): Promise<string[]> {
  const { rows } = await services.pool.query<{ id: string }>(
    `SELECT id FROM amazon_accounts WHERE status IN ('active', 'refresh_failing') ORDER BY id`,
  );
  return rows.map((row) => row.id);
}

/** How many accounts are due for a refresh now, and the soonest (or longest past) expiry among them. */
export interface DueAccountsSummary {
  count: number;
  /** null when none is due. Before `now`: a token that already ran out without a refresh. */
  oldestExpiresAt: Date | null;
}

/**
 * Counts what `dueAccountIds` would return, over the same index range, without the ids:
 * for the status endpoint and metrics (@adsconnect/operations).
 */
export async function dueAccountsSummary(
  services: Pick<Services, "pool" | "refresh" | "now">,
): Promise<DueAccountsSummary> {
  const before = new Date(services.now().getTime() + services.refresh.leadSeconds * 1000);
  const { rows } = await services.pool.query<{ count: string; oldest: Date | null }>(
    `SELECT count(*) AS count, min(access_token_expires_at) AS oldest FROM amazon_accounts
      WHERE status IN ('active', 'refresh_failing') AND access_token_expires_at < $1`,
    [before],
  );
  return { count: Number(rows[0]?.count ?? 0), oldestExpiresAt: rows[0]?.oldest ?? null };
}
