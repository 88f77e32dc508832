import type { Pool } from "pg";

/**
 * One refresh failure as the operator's page lists it: when, what Amazon answered, and Amazon's
 * request id (to quote to Amazon's support). Nothing that names a person or an account: no email,
 * no account name or id, no token.
 */
export interface RefreshFailure {
  at: string;
  /** `token_refresh_failed` (refresh_failing, or held by the breaker) or `reauth_required`. */
  type: "token_refresh_failed" | "reauth_required";
  /** Amazon's error code (e.g. invalid_grant, server_error), as last_error_code stores it. */
  code: string | null;
  /** Amazon's x-amzn-RequestId of the failing call, when it sent one (and it was stored). */
  requestId: string | null;
  /** The breaker held the grant (tokens kept) instead of erasing it. */
  held: boolean;
}

export const RECENT_FAILURES_DEFAULT = 20;

const text = (value: unknown): string | null =>
  typeof value === "string" && value.length > 0 && value.length <= 200 ? value : null;

/** The latest `limit` refresh failures across all tenants, newest first, from the audit trail. */
export async function readRecentFailures(
  pool: Pick<Pool, "query">,
  limit: number = RECENT_FAILURES_DEFAULT,
): Promise<RefreshFailure[]> {
  const { rows } = await pool.query<{
    created_at: Date;
    type: RefreshFailure["type"];
    details: Record<string, unknown> | null;
  }>(
    `SELECT created_at, type::text AS type, details FROM audit_events
      WHERE type IN ('token_refresh_failed', 'reauth_required')
      ORDER BY created_at DESC, id DESC
      LIMIT $1`,
    [limit],
  );
  return rows.map((row) => {
    const details = row.details ?? {};
    return {
      at: row.created_at.toISOString(),
      type: row.type,
      // last_error_code is Amazon's code, else the kind of failure (server_error, timeout…).
      code: text(details.code) ?? text(details.kind) ?? text(details.reason),
      requestId: text(details.requestId),
      held: details.held === true,
    };
  });
}
