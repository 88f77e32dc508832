/**
 * What an internal app may subscribe to: one event per change of an account's state, each sent
 * as `{type, timestamp, data: {accountId, workspaceId, status, reason}}`, never a token.
 */
export const WEBHOOK_EVENT_TYPES = [
  "account.connected",
  "account.reconnected",
  "account.refresh_failing",
  "account.recovered",
  "account.reauth_required",
  "account.consent_expiring",
  "account.disconnected",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The type of the event "Send test event" sends (to one endpoint, whatever it subscribes to). */
export const TEST_EVENT_TYPE = "webhook.test";

/** What each event means, for the dashboard's checkboxes and the README. */
export const EVENT_TYPE_DESCRIPTIONS: Record<WebhookEventType, string> = {
  "account.connected": "an account was connected for the first time",
  "account.reconnected": "an account was connected again (a new grant)",
  "account.refresh_failing": "refreshing an account's token keeps failing",
  "account.recovered": "a failing account refreshed again",
  "account.reauth_required": "Amazon refused the grant: someone must reconnect the account",
  "account.consent_expiring": "the account's consent is over 330 days old and may expire",
  "account.disconnected": "someone disconnected the account",
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The JSON body every endpoint receives. */
export interface WebhookPayload {
  type: WebhookEventType | typeof TEST_EVENT_TYPE;
  /** ISO 8601, when the change happened. */
  timestamp: string;
  data: {
    accountId: string | null;
    workspaceId: string;
    /** The account's status after the change (null for a test event). */
    status: string | null;
    /** A short reason in words, e.g. "invalid_grant". */
    reason: string | null;
  };
}
