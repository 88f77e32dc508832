import type { Pool } from "pg";

/** Every account status the schema knows (enum AccountStatus), in the order the page lists them. */
export const ACCOUNT_STATUSES = [
  "active",
  "refresh_failing",
  "reauth_required",
  "disconnected",
] as const;

export type AccountStatusName = (typeof ACCOUNT_STATUSES)[number];

/** How many accounts are in each status, across every tenant. Counts only: no id, no owner. */
export type AccountsByStatus = Record<AccountStatusName, number> & { total: number };

/** Accounts by status across all tenants (each status present, 0 when none). */
export async function readAccountsByStatus(pool: Pick<Pool, "query">): Promise<AccountsByStatus> {
  const { rows } = await pool.query<{ status: AccountStatusName; count: string }>(
    `SELECT status::text AS status, count(*) AS count FROM amazon_accounts GROUP BY status`,
  );
  const counts = Object.fromEntries(ACCOUNT_STATUSES.map((status) => [status, 0])) as Record<
    AccountStatusName,
    number
  >;
  for (const row of rows) if (row.status in counts) counts[row.status] = Number(row.count);
  return { ...counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}
