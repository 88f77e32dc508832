export {
  createMetrics,
  statusClass,
  type AmazonEndpointLabel,
  type Metrics,
  type MetricsOptions,
  type RefreshOutcomeLabel,
} from "./metrics";
export { metricsAnswer, type MetricsAnswer } from "./endpoint";
