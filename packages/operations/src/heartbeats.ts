import type { Pool } from "pg";

/** One worker process's last heartbeat (table `worker_heartbeats`, written by apps/worker). */
export interface WorkerBeat {
  /** The worker's own random id (`worker-<uuid>`): no host, no person. */
  workerId: string;
  /** Seconds since its last heartbeat. */
  heartbeatAgeSeconds: number;
  /** Seconds since it started. */
  upSeconds: number;
  /** Whether the heartbeat is within the stale threshold. */
  fresh: boolean;
}

/**
 * Every worker's last heartbeat, freshest first. A worker stopped cleanly removes its row; one
 * that was killed leaves it behind, listed as stale until someone deletes it.
 */
export async function readWorkerBeats(
  pool: Pick<Pool, "query">,
  now: Date,
  staleSeconds: number,
): Promise<WorkerBeat[]> {
  const { rows } = await pool.query<{ worker_id: string; beat_at: Date; started_at: Date }>(
    `SELECT worker_id, beat_at, started_at FROM worker_heartbeats ORDER BY beat_at DESC`,
  );
  return rows.map((row) => {
    const age = Math.max(0, (now.getTime() - row.beat_at.getTime()) / 1000);
    return {
      workerId: row.worker_id,
      heartbeatAgeSeconds: Math.round(age),
      upSeconds: Math.max(0, Math.round((now.getTime() - row.started_at.getTime()) / 1000)),
      fresh: age <= staleSeconds,
    };
  });
}
