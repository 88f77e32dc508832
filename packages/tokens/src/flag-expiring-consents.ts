import type { Services } from "@adsconnect/services";

import { recordAccountEvent } from "@adsconnect/webhooks/record-account-event";

import { inTransaction } from "./account-lock";
import { writeAuditEvent } from "./audit";
import { CONSENT_WARNING_AGE_DAYS, possibleConsentExpiry } from "./consent";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Writes a consent_expiring audit event for every connected account whose
 * consent is older than CONSENT_WARNING_AGE_DAYS, once per consent: an
 * account reconnected since (a newer consented_at) can be flagged again a
 * year later. Returns the ids flagged now.
 */
export async function flagExpiringConsents(
  services: Pick<Services, "pool" | "logger" | "now">,
): Promise<string[]> {
  const now = services.now();
  const { rows } = await services.pool.query<{
    id: string;
    workspaceId: string;
    status: string;
    consentedAt: Date;
  }>(
    `SELECT a.id, a.workspace_id AS "workspaceId", a.status, a.consented_at AS "consentedAt"
       FROM amazon_accounts a
      WHERE a.status IN ('active', 'refresh_failing') AND a.consented_at < $1
        AND NOT EXISTS (SELECT 1 FROM audit_events e
                         WHERE e.account_id = a.id AND e.type = 'consent_expiring'
                           AND e.created_at >= a.consented_at)`,
    [new Date(now.getTime() - CONSENT_WARNING_AGE_DAYS * DAY_MS)],
  );
  for (const row of rows) {
    // The audit event and the webhook event commit together.
    const client = await services.pool.connect();
    try {
      await inTransaction(client, async () => {
        await writeAuditEvent(client, {
          workspaceId: row.workspaceId,
          accountId: row.id,
          type: "consent_expiring",
          details: {
            consentedAt: row.consentedAt.toISOString(),
            possibleExpiry: possibleConsentExpiry(row.consentedAt).toISOString(),
          },
          at: now,
        });
        await recordAccountEvent(client, {
          accountId: row.id,
          type: "account.consent_expiring",
          status: row.status,
          reason: `consent given ${row.consentedAt.toISOString().slice(0, 10)} may expire by ${possibleConsentExpiry(row.consentedAt).toISOString().slice(0, 10)}`,
          at: now,
        });
      });
    } finally {
      client.release();
    }
  }
  if (rows.length > 0)
    services.logger.info(
      { accounts: rows.length },
      "flagged accounts whose consent may expire soon",
    );
  return rows.map((row) => row.id);
}
