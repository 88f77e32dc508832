import type { OperationsEnv } from "./env";

/** When the status stops being `ok` (operationsEnv: STATUS_*). */
export interface StatusThresholds {
  /** A worker heartbeat older than this is stale; with no fresh one the status is `down`. */
  heartbeatStaleSeconds: number;
  /** The oldest waiting job older than this makes the status `degraded`. */
  queueLagSeconds: number;
  /** A refresh success rate over the last hour below this makes the status `degraded`… */
  refreshSuccessMin: number;
  /** …when the hour has at least this many outcomes (a few failures of a quiet hour are noise). */
  refreshMinSamples: number;
}

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = {
  heartbeatStaleSeconds: 60,
  queueLagSeconds: 300,
  refreshSuccessMin: 0.9,
  refreshMinSamples: 10,
};

export function statusThresholdsFrom(env: OperationsEnv): StatusThresholds {
  return {
    heartbeatStaleSeconds: env.STATUS_HEARTBEAT_STALE_SECONDS,
    queueLagSeconds: env.STATUS_QUEUE_LAG_SECONDS,
    refreshSuccessMin: env.STATUS_REFRESH_SUCCESS_MIN,
    refreshMinSamples: env.STATUS_REFRESH_MIN_SAMPLES,
  };
}
