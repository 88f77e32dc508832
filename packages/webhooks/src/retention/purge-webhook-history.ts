import { runSql, type SqlExecutor } from "../sql";

/** WEBHOOK_RETENTION_DAYS' default (README, configuration). */
export const DEFAULT_WEBHOOK_RETENTION_DAYS = 30;

/** Rows per delete: each batch is its own short transaction, so a backlog never holds long locks. Default 1,000. */
export const DEFAULT_PURGE_BATCH_SIZE = 1000;

export interface PurgeWebhookHistoryOptions {
  /** Finished messages last changed before this, and events written before it, may go. */
  cutoff: Date;
  /** Messages (with their attempts) or events per batch. Default 1,000. */
  batchSize?: number;
  /** Stops between batches once aborted (the worker shutting down); the next run resumes. */
  signal?: AbortSignal;
}

export interface PurgedWebhookHistory {
  messages: number;
  attempts: number;
  events: number;
}

/**
 * Deletes delivered and failed messages that last changed before `cutoff` (delivery, failure,
 * replay or re-enabling all set updated_at), with their attempts, then outbox events written
 * before it that have no message left. A pending message is never deleted, however old: it is
 * still to be sent (a disabled endpoint's wait for it to be enabled again). Rows another
 * transaction holds (a replay, a claim) are skipped and left for the next run.
 */
export async function purgeWebhookHistory(
  tx: SqlExecutor,
  { cutoff, batchSize = DEFAULT_PURGE_BATCH_SIZE, signal }: PurgeWebhookHistoryOptions,
): Promise<PurgedWebhookHistory> {
  const purged: PurgedWebhookHistory = { messages: 0, attempts: 0, events: 0 };
  for (;;) {
    if (signal?.aborted) return purged;
    const [batch] = await runSql<{ messages: number; attempts: number }>(
      tx,
      // FOR UPDATE re-checks the state on a row a replay changed meanwhile: a message made
      // pending again is not deleted. A failed message of a disabled endpoint stays however old:
      // enabling the endpoint sends it again (nothing is lost while disabled).
      `WITH doomed AS (
         SELECT m.id FROM webhook_messages m
          WHERE m.state IN ('delivered', 'failed') AND m.updated_at < $1
            AND (m.state = 'delivered'
                 OR NOT EXISTS (SELECT 1 FROM webhook_endpoints e
                                 WHERE e.id = m.endpoint_id AND e.status = 'disabled'))
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), attempts AS (
         DELETE FROM webhook_attempts a USING doomed WHERE a.message_id = doomed.id RETURNING 1
       ), messages AS (
         DELETE FROM webhook_messages m USING doomed WHERE m.id = doomed.id RETURNING 1
       )
       SELECT (SELECT count(*) FROM messages)::int AS messages,
              (SELECT count(*) FROM attempts)::int AS attempts`,
      [cutoff, batchSize],
    );
    purged.messages += batch!.messages;
    purged.attempts += batch!.attempts;
    if (batch!.messages < batchSize) break;
  }
  // Events are walked in (created_at, id) order, so one kept (a message of it is pending or
  // recent) is read once per run, not once per batch.
  let after: { at: Date | string; id: string } = {
    at: "-infinity",
    id: "00000000-0000-0000-0000-000000000000",
  };
  for (;;) {
    if (signal?.aborted) return purged;
    const [batch] = await runSql<{
      events: number;
      scanned: number;
      lastAt: Date | null;
      lastId: string | null;
    }>(
      tx,
      `WITH candidates AS (
         SELECT id, created_at FROM webhook_events
          WHERE created_at < $1 AND (created_at, id) > ($2::timestamptz, $3::uuid)
          ORDER BY created_at, id
          LIMIT $4
       ), doomed AS (
         SELECT e.id FROM webhook_events e JOIN candidates c ON c.id = e.id
          WHERE NOT EXISTS (SELECT 1 FROM webhook_messages m WHERE m.event_id = e.id)
          FOR UPDATE OF e SKIP LOCKED
       ), events AS (
         DELETE FROM webhook_events e USING doomed WHERE e.id = doomed.id RETURNING 1
       ), last AS (
         SELECT created_at, id FROM candidates ORDER BY created_at DESC, id DESC LIMIT 1
       )
       SELECT (SELECT count(*) FROM events)::int AS events,
              (SELECT count(*) FROM candidates)::int AS scanned,
              (SELECT created_at FROM last) AS "lastAt",
              (SELECT id::text FROM last) AS "lastId"`,
      [cutoff, after.at, after.id, batchSize],
    );
    purged.events += batch!.events;
    if (batch!.scanned < batchSize || !batch!.lastAt || !batch!.lastId) break;
    after = { at: batch!.lastAt, id: batch!.lastId };
  }
  return purged;
}
