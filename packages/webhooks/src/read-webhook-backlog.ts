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
  /** Endpoints by status. */
  endpoints: { active: number; disabled: number };
}

/** One read of the webhook tables' backlog (the (state, next_attempt_at) index finds the pending). */
export async function readWebhookBacklog(tx: SqlExecutor, now: Date): Promise<WebhookBacklog> {
  const [row] = await runSql<{
    pendingActive: number;
    pendingDisabled: number;
    oldestPendingAt: Date | null;
    endpointsActive: number;
    endpointsDisabled: number;
  }>(
    tx,
    `WITH pending AS (
       SELECT e.status, count(*)::int AS messages, min(m.created_at) AS oldest
         FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
        WHERE m.state = 'pending'
        GROUP BY e.status
     ), endpoints AS (
       SELECT status, count(*)::int AS endpoints FROM webhook_endpoints GROUP BY status
     )
     SELECT coalesce((SELECT messages FROM pending WHERE status = 'active'), 0) AS "pendingActive",
            coalesce((SELECT messages FROM pending WHERE status = 'disabled'), 0) AS "pendingDisabled",
            (SELECT oldest FROM pending WHERE status = 'active') AS "oldestPendingAt",
            coalesce((SELECT endpoints FROM endpoints WHERE status = 'active'), 0) AS "endpointsActive",
            coalesce((SELECT endpoints FROM endpoints WHERE status = 'disabled'), 0) AS "endpointsDisabled"`,
    [],
  );
  const oldest = row?.oldestPendingAt ? new Date(row.oldestPendingAt).getTime() : null;
  return {
    pending: { active: row?.pendingActive ?? 0, disabled: row?.pendingDisabled ?? 0 },
    oldestPendingAgeSeconds:
      oldest === null ? 0 : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    endpoints: { active: row?.endpointsActive ?? 0, disabled: row?.endpointsDisabled ?? 0 },
  };
}
