import type { WebhookEventType } from "./event-types";
import { runSql, WEBHOOK_CHANNEL, type SqlExecutor } from "./sql";

export interface AccountEvent {
  accountId: string;
  type: WebhookEventType;
  /** The account's status after the change. */
  status: string;
  /** A short reason in words ("invalid_grant", "disconnected by a person", …). */
  reason: string | null;
  at: Date;
}

/**
 * Writes an account event to the outbox, and one message per active endpoint of the account's
 * workspace that subscribes to it, on `tx`: call it inside the transaction of the change itself,
 * so a rolled-back change leaves no event and a committed one always has its messages. The
 * worker is woken by a NOTIFY, which Postgres sends only at commit. Returns how many endpoints
 * will receive it.
 */
export async function recordAccountEvent(tx: SqlExecutor, event: AccountEvent): Promise<number> {
  const [row] = await runSql<{ messages: number }>(
    tx,
    `WITH account AS (
       SELECT id, workspace_id FROM amazon_accounts WHERE id = $1::uuid
     ), event AS (
       INSERT INTO webhook_events (id, workspace_id, account_id, type, payload, created_at)
       SELECT gen_random_uuid(), account.workspace_id, account.id, $2::text,
              jsonb_build_object('type', $2::text, 'timestamp', $5::text, 'data', jsonb_build_object(
                'accountId', account.id, 'workspaceId', account.workspace_id,
                'status', $3::text, 'reason', $4::text)),
              $6::timestamptz
         FROM account
       RETURNING id, workspace_id, account_id, type
     ), messages AS (
       INSERT INTO webhook_messages (id, event_id, endpoint_id, account_id, next_attempt_at, created_at, updated_at)
       SELECT gen_random_uuid(), event.id, e.id, event.account_id, $6::timestamptz, $6::timestamptz, $6::timestamptz
         FROM event
         JOIN webhook_endpoints e ON e.workspace_id = event.workspace_id AND e.status = 'active'
              AND (coalesce(cardinality(e.event_types), 0) = 0 OR event.type = ANY (e.event_types))
       RETURNING id
     )
     SELECT (SELECT count(*) FROM messages)::int AS messages`,
    [event.accountId, event.type, event.status, event.reason, event.at.toISOString(), event.at],
  );
  const messages = row?.messages ?? 0;
  if (messages > 0)
    await runSql(tx, `SELECT pg_notify('${WEBHOOK_CHANNEL}', '')::text AS sent`, []);
  return messages;
}
