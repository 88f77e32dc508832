import { DUE_LANE_HEADS_SQL } from "./delivery/due-lane-heads";
import { runSql, type SqlExecutor } from "./sql";

/** Webhook delivery's numbers for operators: counts only, never an id or URL. */
export interface WebhookBacklog {
  /** Messages not yet delivered or failed, by their endpoint's status (a disabled one's wait for an admin). */
  pending: { active: number; disabled: number };
  /**
   * Seconds since the event of the oldest pending message of an active endpoint was written, 0
   * with none: messages waiting for a retry count, so an endpoint failing for long shows too.
   */
  oldestPendingAgeSeconds: number;
  /**
   * Seconds the oldest message a worker could attempt now (due, not leased, the head of its
   * lane, its endpoint active) has waited past its attempt time, 0 with none. Retries waiting
   * out their backoff and the messages queued behind them are not late, so an endpoint that
   * keeps failing leaves this at 0: it grows only when the workers are not delivering.
   */
  deliveryLagSeconds: number;
  /** Endpoints by status. */
  endpoints: { active: number; disabled: number };
}

/**
 * One read of the webhook tables' backlog at `now` (the (state, next_attempt_at) index finds the
 * pending).
 */
export async function readWebhookBacklog(tx: SqlExecutor, now: Date): Promise<WebhookBacklog> {
  const [row] = await runSql<{
    pendingActive: number;
    pendingDisabled: number;
    oldestPendingAt: Date | null;
    oldestDueAt: Date | null;
    endpointsActive: number;
    endpointsDisabled: number;
  }>(
    tx,
    `WITH pending AS (
       SELECT e.status, count(*)::int AS messages, min(m.created_at) AS oldest
         FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
        WHERE m.state = 'pending'
        GROUP BY e.status
     ), due AS (
       SELECT min(m.next_attempt_at) AS oldest FROM ${DUE_LANE_HEADS_SQL}
     ), endpoints AS (
       SELECT status, count(*)::int AS endpoints FROM webhook_endpoints GROUP BY status
     )
     SELECT coalesce((SELECT messages FROM pending WHERE status = 'active'), 0) AS "pendingActive",
            coalesce((SELECT messages FROM pending WHERE status = 'disabled'), 0) AS "pendingDisabled",
            (SELECT oldest FROM pending WHERE status = 'active') AS "oldestPendingAt",
            (SELECT oldest FROM due) AS "oldestDueAt",
            coalesce((SELECT endpoints FROM endpoints WHERE status = 'active'), 0) AS "endpointsActive",
            coalesce((SELECT endpoints FROM endpoints WHERE status = 'disabled'), 0) AS "endpointsDisabled"`,
    [now],
  );
  const secondsSince = (at: Date | null | undefined) =>
    at ? Math.max(0, Math.round((now.getTime() - new Date(at).getTime()) / 1000)) : 0;
  return {
    pending: { active: row?.pendingActive ?? 0, disabled: row?.pendingDisabled ?? 0 },
    oldestPendingAgeSeconds: secondsSince(row?.oldestPendingAt),
    deliveryLagSeconds: secondsSince(row?.oldestDueAt),
    endpoints: { active: row?.endpointsActive ?? 0, disabled: row?.endpointsDisabled ?? 0 },
  };
}
