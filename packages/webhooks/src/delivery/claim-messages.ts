import type { Pool } from "pg";

/** A message leased to this process for one delivery attempt. */
export interface ClaimedMessage {
  id: string;
  attemptCount: number;
  leaseUntil: Date;
  eventId: string;
  payload: unknown;
  eventCreatedAt: Date;
  endpointId: string;
  workspaceId: string;
  url: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Leases up to `limit` due messages until `leaseUntil`. Only the head of each lane (the oldest
 * pending message of an endpoint and account) can be claimed, so a later event for an account
 * waits for the earlier one; a leased head blocks its lane until it is delivered, rescheduled or
 * its lease runs out (a killed worker's lease does, and another worker takes it). SKIP LOCKED
 * lets several workers claim at once without waiting on each other; the lease conditions sit on
 * the locked row itself, so Postgres re-checks them against a row another worker just leased.
 */
export async function claimDueMessages(
  pool: Pool,
  { now, leaseUntil, limit }: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedMessage[]> {
  const { rows } = await pool.query<ClaimedMessage>(
    `WITH due AS (
       SELECT m.id
         FROM webhook_messages m
         JOIN webhook_endpoints e ON e.id = m.endpoint_id AND e.status = 'active'
        WHERE m.state = 'pending' AND m.next_attempt_at <= $1
          AND (m.lease_until IS NULL OR m.lease_until < $1)
          -- The head of its lane: no older message of the same endpoint and account is pending
          -- (two probes of the (endpoint, account, seq) index: an account's, or test events').
          AND CASE WHEN m.account_id IS NULL
                THEN NOT EXISTS (SELECT 1 FROM webhook_messages older
                                  WHERE older.endpoint_id = m.endpoint_id AND older.account_id IS NULL
                                    AND older.seq < m.seq AND older.state = 'pending')
                ELSE NOT EXISTS (SELECT 1 FROM webhook_messages older
                                  WHERE older.endpoint_id = m.endpoint_id AND older.account_id = m.account_id
                                    AND older.seq < m.seq AND older.state = 'pending')
              END
        ORDER BY m.next_attempt_at, m.seq
        LIMIT $3
        FOR UPDATE OF m SKIP LOCKED
     )
     UPDATE webhook_messages m SET lease_until = $2
       FROM due, webhook_events ev, webhook_endpoints e
      WHERE m.id = due.id AND ev.id = m.event_id AND e.id = m.endpoint_id
     RETURNING m.id, m.attempt_count AS "attemptCount", m.lease_until AS "leaseUntil",
               ev.id AS "eventId", ev.payload, ev.created_at AS "eventCreatedAt",
               e.id AS "endpointId", e.workspace_id AS "workspaceId", e.url,
               e.secret_ciphertext AS "secretCiphertext",
               e.previous_secret_ciphertext AS "previousSecretCiphertext",
               e.previous_secret_expires_at AS "previousSecretExpiresAt"`,
    [now, leaseUntil, limit],
  );
  return rows;
}
