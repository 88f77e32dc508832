import type { Pool } from "pg";

/** Token refreshes over the last hour, all processes together (the worker's and inline hand-outs'). */
export interface RefreshOutcomes {
  /** `token_refreshed` audit events: one per successful call to Amazon. */
  succeeded: number;
  /**
   * Connected accounts whose latest refresh, within the hour, failed and which have not refreshed
   * since (consecutive_failures > 0). An account counts once however often it was retried:
   * refreshes record a failure on the account, not as an event each.
   */
  failing: number;
  /** `token_refresh_failed` audit events: accounts that became refresh_failing in the hour. */
  becameFailing: number;
  /** `reauth_required` audit events: grants Amazon refused (the owner must reconnect). */
  reauthRequired: number;
  /** succeeded ÷ (succeeded + failing); null when the hour had neither. */
  successRate: number | null;
}

export const REFRESH_WINDOW_SECONDS = 3600;

/** Refresh outcomes over the hour before `now` (audit events by type: index (type, created_at)). */
export async function readRefreshOutcomes(
  pool: Pick<Pool, "query">,
  now: Date,
): Promise<RefreshOutcomes> {
  const since = new Date(now.getTime() - REFRESH_WINDOW_SECONDS * 1000);
  const { rows } = await pool.query<{
    succeeded: string;
    became_failing: string;
    reauth_required: string;
    failing: string;
  }>(
    `SELECT
       (SELECT count(*) FROM audit_events
         WHERE type = 'token_refreshed' AND created_at > $1 AND created_at <= $2) AS succeeded,
       (SELECT count(*) FROM audit_events
         WHERE type = 'token_refresh_failed' AND created_at > $1 AND created_at <= $2) AS became_failing,
       (SELECT count(*) FROM audit_events
         WHERE type = 'reauth_required' AND created_at > $1 AND created_at <= $2) AS reauth_required,
       (SELECT count(*) FROM amazon_accounts
         WHERE status IN ('active', 'refresh_failing') AND consecutive_failures > 0
           AND last_error_at > $1 AND last_error_at <= $2) AS failing`,
    [since, now],
  );
  const row = rows[0]!;
  const succeeded = Number(row.succeeded);
  const failing = Number(row.failing);
  const total = succeeded + failing;
  return {
    succeeded,
    failing,
    becameFailing: Number(row.became_failing),
    reauthRequired: Number(row.reauth_required),
    successRate: total === 0 ? null : Math.round((succeeded / total) * 1000) / 1000,
  };
}
