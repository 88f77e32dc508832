import {
  EVENT_TYPE_DESCRIPTIONS,
  TEST_EVENT_TYPE,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "@adsconnect/webhooks/event-types";

export type { WebhookEventType };

/** Every event type an endpoint can subscribe to, with what it means (@adsconnect/webhooks' list). */
export const EVENT_TYPES = WEBHOOK_EVENT_TYPES.map((value) => ({
  value,
  hint: EVENT_TYPE_DESCRIPTIONS[value],
}));

const LABELS: Record<string, string> = {
  "account.connected": "Connected",
  "account.reconnected": "Reconnected",
  "account.refresh_failing": "Refresh failing",
  "account.recovered": "Recovered",
  "account.reauth_required": "Reauthorization needed",
  "account.consent_expiring": "Consent expiring",
  "account.disconnected": "Disconnected",
  [TEST_EVENT_TYPE]: "Test event",
} satisfies Record<WebhookEventType, string> & Record<string, string>;

/** The event types an endpoint receives, in words: an empty list means every type. */
export function describeEventTypes(eventTypes: readonly string[]): string {
  if (eventTypes.length === 0) return "All events";
  return eventTypes.map((type) => LABELS[type] ?? type).join(", ");
}
