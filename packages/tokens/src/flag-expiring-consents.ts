import type { Services } from "@adsconnect/services";

import { recordAccountEvent } from "@adsconnect/webhooks/record-account-event";

import { inTransaction } from "./account-lock";
import { writeAuditEvent } from "./audit";
import { CONSENT_WARNING_AGE_DAYS, possibleConsentExpiry } from "./consent";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Not yet flagged for this consent: no consent_expiring event since it was given. */
const NOT_FLAGGED_SQL = `NOT EXISTS (SELECT 1 FROM audit_events e
                         WHERE e.account_id = a.id AND e.type = 'consent_expiring'
                           AND e.created_at >= a.consented_at)`;

/**
 * Writes a consent_expiring audit event for every connected account whose
 * consent is older than CONSENT_WARNING_AGE_DAYS, once per consent: an
 * account reconnected since (a newer consented_at) can be flagged again a
 * year later. Returns the ids flagged now.
 *
 * Each account is flagged in a transaction that first locks its row and
 * reads it again: one disconnected, reconnected or refused between the first
 * read and its turn is skipped (or sent with its status as it is then), and
 * the lock orders its webhook message after any change committed before it,
 * as every other writer of account events does.
 */
export async function flagExpiringConsents(
  services: Pick<Services, "pool" | "logger" | "now">,
): Promise<string[]> {
  const now = services.now();
  const olderThan = new Date(now.getTime() - CONSENT_WARNING_AGE_DAYS * DAY_MS);
  const { rows: candidates } = await services.pool.query<{ id: string }>(
    `SELECT a.id FROM amazon_accounts a
      WHERE a.status IN ('active', 'refresh_failing') AND a.consented_at < $1
        AND ${NOT_FLAGGED_SQL}`,
    [olderThan],
  );
  const flagged: string[] = [];
  for (const { id } of candidates) {
    // The audit event and the webhook event commit together.
    const client = await services.pool.connect();
    try {
      await inTransaction(client, async () => {
        const { rows } = await client.query<{
          workspaceId: string;
          status: string;
          consentedAt: Date;
        }>(
          `SELECT a.workspace_id AS "workspaceId", a.status, a.consented_at AS "consentedAt"
             FROM amazon_accounts a
            WHERE a.id = $1 AND a.status IN ('active', 'refresh_failing') AND a.consented_at < $2
              AND ${NOT_FLAGGED_SQL}
              FOR UPDATE OF a`,
          [id, olderThan],
        );
        const row = rows[0];
        if (!row) return;
        await writeAuditEvent(client, {
          workspaceId: row.workspaceId,
          accountId: id,
          type: "consent_expiring",
          details: {
            consentedAt: row.consentedAt.toISOString(),
            possibleExpiry: possibleConsentExpiry(row.consentedAt).toISOString(),
          },
          at: now,
        });
        await recordAccountEvent(client, {
          accountId: id,
          type: "account.consent_expiring",
          status: row.status,
          reason: `consent given ${row.consentedAt.toISOString().slice(0, 10)} may expire by ${possibleConsentExpiry(row.consentedAt).toISOString().slice(0, 10)}`,
          at: now,
        });
        flagged.push(id);
      });
    } finally {
      client.release();
    }
  }
  if (flagged.length > 0)
    services.logger.info(
      { accounts: flagged.length },
      "flagged accounts whose consent may expire soon",
    );
  return flagged;
}
