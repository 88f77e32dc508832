import { readRefreshBreaker } from "@adsconnect/tokens/refresh-breaker";
import type { Services } from "@adsconnect/services";
import { dueAccountsSummary } from "@adsconnect/tokens/due-accounts";

import { readWorkerBeats, type WorkerBeat } from "./heartbeats";
import { readJobQueue, type JobQueueSummary } from "./queue";
import { readRefreshOutcomes, type RefreshOutcomes } from "./refresh-outcomes";
import { DEFAULT_STATUS_THRESHOLDS, type StatusThresholds } from "./thresholds";

export type OverallStatus = "ok" | "degraded" | "down";

/** Why the status is not `ok`: a fixed code and a sentence for a person. */
export interface StatusReason {
  code:
    | "database_unreachable"
    | "no_fresh_worker"
    | "queue_lag"
    | "refresh_success_low"
    | "breaker_open";
  message: string;
}

/**
 * The mass-revocation breaker (`readRefreshBreaker` in @adsconnect/tokens/refresh-breaker), as
 * counts only: open means an invalid_grant is being held (tokens kept) rather than erased, and
 * makes the status `degraded`.
 */
export interface BreakerStatus {
  state: "closed" | "open";
  open: boolean;
  /** Of the latest `refreshCount` verdicts within `windowSeconds`, how many were invalid_grant. */
  invalidGrantCount: number;
  refreshCount: number;
  /** Grants held (tokens kept) within the window. */
  heldCount: number;
  windowSeconds: number;
  /** When open: the first grant held within the window. */
  openedAt: string | null;
}

/**
 * What `/api/status` answers: aggregates only — no token, key, account id, email or host.
 * `ok`: nothing to do. `degraded` (HTTP 503): background work is falling behind (queue lag,
 * failing refreshes, breaker open). `down` (HTTP 503): no worker is alive (or the database is
 * unreachable) — consent warnings, re-syncs, purges and key rotation have stopped, and tokens
 * refresh only when handed out.
 */
export interface SystemStatus {
  status: OverallStatus;
  reasons: StatusReason[];
  checkedAt: string;
  workers: WorkerBeat[];
  /** null when graphile-worker has never started on this database. */
  queue: JobQueueSummary | null;
  refresh: {
    /** Connected accounts whose token expires within REFRESH_LEAD_SECONDS (or already has). */
    dueAccounts: number;
    /** The soonest expiry among them; in the past: a token ran out without a refresh. */
    oldestDueExpiresAt: string | null;
    /** Seconds from now to that expiry; negative when it is past. */
    oldestDueExpiresInSeconds: number | null;
    lastHour: RefreshOutcomes;
  };
  breaker?: BreakerStatus;
  thresholds: StatusThresholds;
}

export interface ReadSystemStatusOptions {
  /** Default: `services.now()`. */
  now?: Date;
  thresholds?: StatusThresholds;
  /** Default: the breaker's state from `token_refresh_outcomes` (readBreakerStatus). */
  readBreaker?: () => Promise<BreakerStatus | undefined>;
}

/**
 * The system's operational state from the database alone, so any process can answer it (the web
 * app's `/api/status`): worker heartbeats, graphile-worker's queue, accounts due for a refresh,
 * refresh outcomes over the last hour. Throws when the database does not answer
 * (`systemStatusOrDown` turns that into `down`).
 */
export async function readSystemStatus(
  services: Pick<Services, "pool" | "refresh" | "now">,
  options: ReadSystemStatusOptions = {},
): Promise<SystemStatus> {
  const now = options.now ?? services.now();
  const thresholds = options.thresholds ?? DEFAULT_STATUS_THRESHOLDS;
  const at = { ...services, now: () => now };
  const [workers, queue, due, lastHour, breaker] = await Promise.all([
    readWorkerBeats(services.pool, now, thresholds.heartbeatStaleSeconds),
    readJobQueue(services.pool, now),
    dueAccountsSummary(at),
    readRefreshOutcomes(services.pool, now),
    options.readBreaker ? options.readBreaker() : readBreakerStatus(at),
  ]);
  const parts = {
    workers,
    queue,
    refresh: {
      dueAccounts: due.count,
      oldestDueExpiresAt: due.oldestExpiresAt?.toISOString() ?? null,
      oldestDueExpiresInSeconds:
        due.oldestExpiresAt === null
          ? null
          : Math.round((due.oldestExpiresAt.getTime() - now.getTime()) / 1000),
      lastHour,
    },
    ...(breaker === undefined ? {} : { breaker }),
  };
  return {
    ...judgeStatus(parts, thresholds),
    checkedAt: now.toISOString(),
    ...parts,
    thresholds,
  };
}

/** The verdict on what was read: `down` outranks `degraded`, which outranks `ok`. */
export function judgeStatus(
  parts: Pick<SystemStatus, "workers" | "queue" | "refresh" | "breaker">,
  thresholds: StatusThresholds,
): { status: OverallStatus; reasons: StatusReason[] } {
  const down: StatusReason[] = [];
  const degraded: StatusReason[] = [];
  if (!parts.workers.some((worker) => worker.fresh)) {
    const freshest = parts.workers[0];
    down.push({
      code: "no_fresh_worker",
      message: freshest
        ? `No worker heartbeat within ${thresholds.heartbeatStaleSeconds} s (the latest is ${freshest.heartbeatAgeSeconds} s old): the worker is down or stuck.`
        : "No worker is running (no heartbeat).",
    });
  }
  const lag = parts.queue?.oldestWaitingSeconds ?? null;
  if (lag !== null && lag > thresholds.queueLagSeconds)
    degraded.push({
      code: "queue_lag",
      message: `The oldest waiting job has been due for ${lag} s (threshold ${thresholds.queueLagSeconds} s): the worker is not keeping up.`,
    });
  const { lastHour } = parts.refresh;
  const samples = lastHour.succeeded + lastHour.failing;
  if (
    lastHour.successRate !== null &&
    samples >= thresholds.refreshMinSamples &&
    lastHour.successRate < thresholds.refreshSuccessMin
  )
    degraded.push({
      code: "refresh_success_low",
      message: `Refresh success rate over the last hour is ${lastHour.successRate} (threshold ${thresholds.refreshSuccessMin}, ${samples} outcomes).`,
    });
  if (parts.breaker?.open)
    degraded.push({
      code: "breaker_open",
      message: `The mass-revocation breaker is ${parts.breaker.state}: refreshes are paused.`,
    });
  const status: OverallStatus = down.length > 0 ? "down" : degraded.length > 0 ? "degraded" : "ok";
  return { status, reasons: [...down, ...degraded] };
}

/** The HTTP status for a system status: 200 only when `ok`, so an uptime monitor alerts on the rest. */
export function statusHttpCode(status: OverallStatus): 200 | 503 {
  return status === "ok" ? 200 : 503;
}

/** What `/api/status` answers when the database does not: `down`, saying only that. */
export interface UnreachableStatus {
  status: "down";
  reasons: StatusReason[];
  checkedAt: string;
}

/** readSystemStatus, or `down` (database_unreachable) when it fails; never throws. */
export async function systemStatusOrDown(
  services: Pick<Services, "pool" | "refresh" | "now" | "logger">,
  options: ReadSystemStatusOptions = {},
): Promise<SystemStatus | UnreachableStatus> {
  try {
    return await readSystemStatus(services, options);
  } catch (error) {
    services.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "status: reading the database failed",
    );
    return {
      status: "down",
      reasons: [
        {
          code: "database_unreachable",
          message: "The database did not answer the status queries.",
        },
      ],
      checkedAt: (options.now ?? services.now()).toISOString(),
    };
  }
}

/** The breaker's state as the status shows it (no account ids: counts and times only). */
export async function readBreakerStatus(
  services: Pick<Services, "pool" | "refresh" | "now">,
): Promise<BreakerStatus> {
  const breaker = await readRefreshBreaker(services);
  return {
    state: breaker.state,
    open: breaker.state === "open",
    invalidGrantCount: breaker.invalidGrantCount,
    refreshCount: breaker.refreshCount,
    heldCount: breaker.heldCount,
    windowSeconds: breaker.windowSeconds,
    openedAt: breaker.openedAt?.toISOString() ?? null,
  };
}
