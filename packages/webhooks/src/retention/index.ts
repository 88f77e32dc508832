export {
  DEFAULT_PURGE_BATCH_SIZE,
  DEFAULT_WEBHOOK_RETENTION_DAYS,
  purgeWebhookHistory,
  type PurgedWebhookHistory,
  type PurgeWebhookHistoryOptions,
} from "./purge-webhook-history";
