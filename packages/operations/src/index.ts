export {
  judgeStatus,
  readSystemStatus,
  statusHttpCode,
  systemStatusOrDown,
  type BreakerStatus,
  type OverallStatus,
  type ReadSystemStatusOptions,
  type StatusReason,
  type SystemStatus,
  type UnreachableStatus,
} from "./read-system-status";
export { readWorkerBeats, type WorkerBeat } from "./heartbeats";
export { readJobQueue, type JobQueueSummary } from "./queue";
export {
  readRefreshOutcomes,
  REFRESH_WINDOW_SECONDS,
  type RefreshOutcomes,
} from "./refresh-outcomes";
export {
  DEFAULT_STATUS_THRESHOLDS,
  statusThresholdsFrom,
  type StatusThresholds,
} from "./thresholds";
export { findMigrationsDir, migrationNames, pendingMigrations } from "./migrations";
export { checkServing, databaseAnswers, HEALTH_TIMEOUT_MS, type ServingHealth } from "./health";
export { sendJson } from "./send-json";
export { registerStatusGauges } from "./gauges";
export { readBreakerStatus } from "./read-system-status";
export {
  ACCOUNT_STATUSES,
  readAccountsByStatus,
  type AccountsByStatus,
  type AccountStatusName,
} from "./accounts-by-status";
export {
  readRefreshHistory,
  REFRESH_HISTORY_HOURS,
  type RefreshHistory,
  type RefreshHour,
} from "./refresh-history";
export {
  readRecentFailures,
  RECENT_FAILURES_DEFAULT,
  type RefreshFailure,
} from "./recent-failures";
