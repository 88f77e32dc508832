export {
  createMetrics,
  statusClass,
  type AmazonEndpointLabel,
  type Metrics,
  type MetricsOptions,
  type RefreshOutcomeLabel,
  type WebhookAttemptOutcomeLabel,
} from "./metrics";
export { metricsAnswer, type MetricsAnswer } from "./endpoint";
