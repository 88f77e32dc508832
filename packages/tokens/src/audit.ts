import type { ActivityEvent } from "@adsconnect/db/activity";
import type { ClientBase, Pool } from "pg";

import { uuid7 } from "./uuid7";

/**
 * The activity types the token lifecycle writes, their details shaped as @adsconnect/db/activity
 * says. Written here in SQL rather than through its Prisma writer: a refresh's events go in the
 * same statement as its tokens (refresh-account-tokens.ts).
 */
export type TokenAuditEventType =
  "token_refreshed" | "token_refresh_failed" | "reauth_required" | "recovered" | "consent_expiring";

export type TokenAuditEvent = ActivityEvent<TokenAuditEventType>;

/**
 * SQL that inserts `events` for one account as `audit_events` rows, selected
 * from `source` (a FROM item that must yield a row for them to be written,
 * exposing the account as `account_id`): so a caller can make the events
 * depend on its own write in the same statement. Parameters start at
 * `$first`: the workspace, the time, then three per event. The actor is null:
 * these are the token lifecycle's own doings (the worker's, or a hand-out's inline refresh).
 */
export function auditEventsInsert(
  events: readonly TokenAuditEvent[],
  {
    workspaceId,
    at,
    first,
    source,
  }: { workspaceId: string; at: Date; first: number; source: string },
): { sql: string; params: unknown[] } {
  const rows = events
    .map((_, i) => {
      const n = first + 2 + i * 3;
      return `($${n}::uuid, $${n + 1}::"AuditEventType", $${n + 2}::jsonb)`;
    })
    .join(", ");
  return {
    sql: `INSERT INTO audit_events (id, workspace_id, actor_id, account_id, type, details, created_at)
          SELECT e.id, $${first}::uuid, NULL, source.account_id, e.type, e.details, $${first + 1}::timestamptz
            FROM ${source} AS source, (VALUES ${rows}) AS e (id, type, details)`,
    params: [
      workspaceId,
      at,
      ...events.flatMap((event) => [uuid7(at), event.type, JSON.stringify(event.details)]),
    ],
  };
}

/** Appends one audit event on `client` (inside the caller's transaction, when it has one). */
export async function writeAuditEvent(
  client: ClientBase | Pool,
  event: TokenAuditEvent & { workspaceId: string; accountId: string; at: Date },
): Promise<void> {
  const insert = auditEventsInsert([event], {
    workspaceId: event.workspaceId,
    at: event.at,
    first: 2,
    source: "(SELECT $1::uuid AS account_id)",
  });
  await client.query(insert.sql, [event.accountId, ...insert.params]);
}
