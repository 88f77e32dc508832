export {
  EVENT_TYPE_DESCRIPTIONS,
  isWebhookEventType,
  TEST_EVENT_TYPE,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  type WebhookPayload,
} from "./event-types";
export { recordAccountEvent, type AccountEvent } from "./record-account-event";
export { signWebhook, type WebhookHeaders } from "./signing";
export { checkWebhookUrl, WebhookUrlRefusedError, type CheckedTarget } from "./ssrf-guard";
export { generateWebhookSecret } from "./secrets";
export type { SqlExecutor } from "./sql";
