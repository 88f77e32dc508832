import type { Pool } from "pg";

/** One hour of refresh outcomes, all tenants together. */
export interface RefreshHour {
  /** The hour's start, ISO 8601 (UTC, on the hour). */
  hour: string;
  /** `token_refreshed` audit events: successful calls to Amazon. */
  succeeded: number;
  /**
   * Failures recorded as events: `token_refresh_failed` (an account turned refresh_failing, or a
   * grant held by the breaker) and `reauth_required` (Amazon refused a grant).
   */
  failed: number;
}

export interface RefreshHistory {
  /** Oldest first, the current (partial) hour last. */
  hours: RefreshHour[];
  succeeded: number;
  failed: number;
}

export const REFRESH_HISTORY_HOURS = 24;

/**
 * Refresh outcomes per hour over the last `hours` hours (the current one included), from the
 * audit trail (index (type, created_at)). Counts only.
 */
export async function readRefreshHistory(
  pool: Pick<Pool, "query">,
  now: Date,
  hours: number = REFRESH_HISTORY_HOURS,
): Promise<RefreshHistory> {
  const current = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const since = new Date(current - (hours - 1) * 3_600_000);
  const { rows } = await pool.query<{ hour: Date; succeeded: string; failed: string }>(
    `SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
            count(*) FILTER (WHERE type = 'token_refreshed') AS succeeded,
            count(*) FILTER (WHERE type IN ('token_refresh_failed', 'reauth_required')) AS failed
       FROM audit_events
      WHERE type IN ('token_refreshed', 'token_refresh_failed', 'reauth_required')
        AND created_at >= $1 AND created_at <= $2
      GROUP BY 1`,
    [since, now],
  );
  const byHour = new Map(rows.map((row) => [row.hour.getTime(), row]));
  const list: RefreshHour[] = [];
  for (let i = 0; i < hours; i++) {
    const at = since.getTime() + i * 3_600_000;
    const row = byHour.get(at);
    list.push({
      hour: new Date(at).toISOString(),
      succeeded: Number(row?.succeeded ?? 0),
      failed: Number(row?.failed ?? 0),
    });
  }
  return {
    hours: list,
    succeeded: list.reduce((sum, hour) => sum + hour.succeeded, 0),
    failed: list.reduce((sum, hour) => sum + hour.failed, 0),
  };
}
