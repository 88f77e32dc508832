import type { Helpers } from "graphile-worker";
import type { Pool } from "pg";

import { accountJobKey, payloadSchemas } from "../jobs";

/**
 * The accounts due for a refresh: connected, with an access token expiring
 * before $1. A range scan of the (status, access_token_expires_at) index, so
 * the sweep costs what the due rows cost, not what the table holds.
 */
export const DUE_ACCOUNTS_SQL = `SELECT id FROM amazon_accounts
 WHERE status IN ('active', 'refresh_failing') AND access_token_expires_at < $1
 ORDER BY access_token_expires_at`;

/** Jobs added per addJobs call. */
const CHUNK = 1000;

/** A failing refresh job is retried this often by graphile-worker when it throws (database trouble, a bug). */
export const REFRESH_JOB_MAX_ATTEMPTS = 5;

/**
 * Enqueues one refresh_account_tokens job per due account, keyed by account
 * so a job already waiting (a retry scheduled with backoff, or one from the
 * last sweep) absorbs the new one and keeps its run time. Returns how many
 * accounts were due.
 */
export async function sweepDueAccounts(
  pool: Pool,
  helpers: Pick<Helpers, "addJobs">,
  { leadSeconds, now = new Date() }: { leadSeconds: number; now?: Date },
): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(DUE_ACCOUNTS_SQL, [
    new Date(now.getTime() + leadSeconds * 1000),
  ]);
  for (let start = 0; start < rows.length; start += CHUNK) {
    await helpers.addJobs(
      rows.slice(start, start + CHUNK).map(({ id }) => ({
        identifier: "refresh_account_tokens",
        payload: payloadSchemas.refresh_account_tokens.parse({ accountId: id }),
        jobKey: accountJobKey("refresh_account_tokens", id),
        maxAttempts: REFRESH_JOB_MAX_ATTEMPTS,
      })),
      true, // preserve run_at: a retry waiting out its backoff is not pulled forward
    );
  }
  return rows.length;
}
