import type { Pool } from "pg";

/** graphile-worker's queue (schema `graphile_worker`, 0.18), in numbers. */
export interface JobQueueSummary {
  /** Jobs due now that no worker holds: what a healthy worker picks up within a second or so. */
  waiting: number;
  /** How long the oldest waiting job has been due, in seconds; null when none waits. */
  oldestWaitingSeconds: number | null;
  /** Jobs a worker holds now (locked in the last 4 hours, graphile-worker's lock lifetime). */
  running: number;
  /** Jobs scheduled for later (retries with backoff, spread-out syncs). */
  scheduled: number;
  /** Jobs that used up their attempts and stay in the table until someone looks. */
  failed: number;
}

// graphile-worker 0.18 keeps jobs in `_private_jobs` (the public `jobs` view hides payloads, and
// we need no payload). A job is available, as its get_job decides, when it is due, unlocked (or
// its lock is older than 4 hours) and has attempts left. Named job queues are not used here.
const AVAILABLE = `run_at <= $1::timestamptz AND attempts < max_attempts
  AND (locked_at IS NULL OR locked_at < $1::timestamptz - interval '4 hours')`;

const QUEUE_SQL = `SELECT
    count(*) FILTER (WHERE ${AVAILABLE}) AS waiting,
    extract(epoch FROM $1::timestamptz - min(run_at) FILTER (WHERE ${AVAILABLE})) AS oldest_waiting_seconds,
    count(*) FILTER (WHERE locked_at IS NOT NULL AND locked_at >= $1::timestamptz - interval '4 hours'
                       AND attempts < max_attempts) AS running,
    count(*) FILTER (WHERE run_at > $1::timestamptz AND locked_at IS NULL AND attempts < max_attempts) AS scheduled,
    count(*) FILTER (WHERE attempts >= max_attempts) AS failed
  FROM graphile_worker._private_jobs`;

/**
 * The queue's depth and lag at `now`; null when graphile-worker's schema does not exist yet
 * (no worker has ever started on this database).
 */
export async function readJobQueue(
  pool: Pick<Pool, "query">,
  now: Date,
): Promise<JobQueueSummary | null> {
  const { rows: exists } = await pool.query<{ present: boolean }>(
    `SELECT to_regclass('graphile_worker._private_jobs') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return null;
  const { rows } = await pool.query<{
    waiting: string;
    oldest_waiting_seconds: string | null;
    running: string;
    scheduled: string;
    failed: string;
  }>(QUEUE_SQL, [now]);
  const row = rows[0]!;
  return {
    waiting: Number(row.waiting),
    oldestWaitingSeconds:
      row.oldest_waiting_seconds === null
        ? null
        : Math.max(0, Math.round(Number(row.oldest_waiting_seconds))),
    running: Number(row.running),
    scheduled: Number(row.scheduled),
    failed: Number(row.failed),
  };
}
