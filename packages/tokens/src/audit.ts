import type { ClientBase, Pool } from "pg";

import { uuid7 } from "./uuid7";

/** The audit event types the token lifecycle writes (a subset of the schema's AuditEventType). */
export type TokenAuditEventType =
  "token_refreshed" | "token_refresh_failed" | "reauth_required" | "recovered" | "consent_expiring";

/** Appends one audit event on `client` (inside the caller's transaction, when it has one). */
export async function writeAuditEvent(
  client: ClientBase | Pool,
  event: {
    userId: string;
    accountId: string;
    type: TokenAuditEventType;
    details: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await client.query(
    `INSERT INTO audit_events (id, user_id, account_id, type, details, created_at)
     VALUES ($1, $2, $3, $4::"AuditEventType", $5::jsonb, $6)`,
    [
      uuid7(event.at),
      event.userId,
      event.accountId,
      event.type,
      JSON.stringify(event.details),
      event.at,
    ],
  );
}
