import type { ActivityDetails } from "@adsconnect/db/activity";
import type { Pool } from "pg";

import type { PostOutcome } from "./post-webhook";

export interface AttemptRecord {
  messageId: string;
  endpointId: string;
  workspaceId: string;
  url: string;
  /** The lease this attempt ran under: a worker whose lease ran out (and was taken over) changes nothing but the log. */
  leaseUntil: Date;
  /** Attempts made before this one. */
  attemptCount: number;
  outcome: PostOutcome;
  now: Date;
  retryScheduleMs: readonly number[];
}

export type AttemptVerdict = "delivered" | "retry" | "exhausted" | "lease_lost";

/**
 * Logs one attempt and moves its message on, in one transaction: delivered on a 2xx; else
 * rescheduled after the schedule's next delay; or, once the whole schedule failed, the message
 * `failed` and its endpoint disabled with the reason and an audit event the workspace's admins
 * see in its activity.
 */
export async function recordAttempt(pool: Pool, record: AttemptRecord): Promise<AttemptVerdict> {
  const { outcome, now } = record;
  const attempts = record.attemptCount + 1;
  const succeeded = outcome.error === null;
  const exhausted = !succeeded && attempts >= record.retryScheduleMs.length;
  const nextAttemptAt = new Date(now.getTime() + (record.retryScheduleMs[attempts] ?? 0));
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO webhook_attempts (id, message_id, status, duration_ms, response_code, response_body, error, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)`,
      [
        record.messageId,
        succeeded ? "succeeded" : "failed",
        outcome.durationMs,
        outcome.responseCode,
        outcome.responseBody,
        outcome.error,
        now,
      ],
    );
    const moved = await client.query(
      `UPDATE webhook_messages
          SET attempt_count = $2, lease_until = NULL, updated_at = $3,
              state = $4::"WebhookMessageState", next_attempt_at = $5
        WHERE id = $1 AND lease_until = $6 AND state = 'pending'`,
      [
        record.messageId,
        attempts,
        now,
        succeeded ? "delivered" : exhausted ? "failed" : "pending",
        succeeded || exhausted ? now : nextAttemptAt,
        record.leaseUntil,
      ],
    );
    if (moved.rowCount !== 1) {
      await client.query("COMMIT");
      return "lease_lost";
    }
    if (succeeded)
      await client.query(
        `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
        [record.endpointId],
      );
    else if (!exhausted)
      await client.query(
        `UPDATE webhook_endpoints SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL`,
        [record.endpointId, now],
      );
    else await disableEndpoint(client, record, attempts);
    await client.query("COMMIT");
    return succeeded ? "delivered" : exhausted ? "exhausted" : "retry";
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function disableEndpoint(
  client: { query: Pool["query"] },
  record: AttemptRecord,
  attempts: number,
): Promise<void> {
  const reason = `Disabled by adsconnect on ${record.now.toISOString()}: ${attempts} delivery attempts over the whole retry schedule failed (last: ${record.outcome.error}). Fix the endpoint, then enable it again; its undelivered events will be sent.`;
  const disabled = await client.query(
    `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $2, updated_at = $3
      WHERE id = $1 AND status = 'active'`,
    [record.endpointId, reason, record.now],
  );
  if (disabled.rowCount !== 1) return;
  // In SQL, in the delivery's own transaction: the shape is @adsconnect/db/activity's.
  const details: ActivityDetails["webhook_endpoint_disabled"] = {
    endpointId: record.endpointId,
    url: record.url,
    reason,
  };
  await client.query(
    `INSERT INTO audit_events (id, workspace_id, actor_id, account_id, type, details, created_at)
     VALUES (gen_random_uuid(), $1, NULL, NULL, 'webhook_endpoint_disabled', $2::jsonb, $3)`,
    [record.workspaceId, JSON.stringify(details), record.now],
  );
}
