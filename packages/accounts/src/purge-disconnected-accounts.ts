import type { Db } from "@adsconnect/db/client";

/**
 * Deletes accounts disconnected before `cutoff`: the row (its tokens were erased at
 * disconnection), its profiles and DSP advertisers (cascade), and its audit events, which
 * name an account that no longer exists and may hold Amazon's names and error messages.
 * The person's other history (API keys) stays. Accounts reconnected since have no
 * `disconnectedAt` and are never touched.
 */
export async function purgeDisconnectedAccounts(
  db: Db,
  { cutoff }: { cutoff: Date },
): Promise<{ accounts: number; auditEvents: number }> {
  return db.$transaction(async (tx) => {
    // Locked, so a reconnection of one of them waits for this purge and then starts afresh.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM amazon_accounts
      WHERE status = 'disconnected' AND disconnected_at < ${cutoff}
      FOR UPDATE`;
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return { accounts: 0, auditEvents: 0 };
    // Before the accounts: deleting an account sets its events' account_id to null.
    const auditEvents = await tx.auditEvent.deleteMany({ where: { accountId: { in: ids } } });
    const accounts = await tx.amazonAccount.deleteMany({ where: { id: { in: ids } } });
    return { accounts: accounts.count, auditEvents: auditEvents.count };
  });
}
