import type { Pool } from "pg";

import { DUE_LANE_HEADS_SQL } from "./due-lane-heads";

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
 * Leases up to `limit` due messages until `leaseUntil` (DUE_LANE_HEADS_SQL). Only the head of
 * each lane (the oldest pending message of an endpoint and account) can be claimed, so a later
 * event for an account waits for the earlier one; a leased head blocks its lane until it is
 * delivered, rescheduled or its lease runs out (a killed worker's lease does, and another worker takes it). SKIP LOCKED
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
         FROM ${DUE_LANE_HEADS_SQL}
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
