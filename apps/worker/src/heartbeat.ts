import { hostname } from "node:os";

import type { Db } from "@adsconnect/db/client";

/**
 * Writes this process's heartbeat row every `intervalMs`, so the web app and
 * operators can tell whether a worker is alive. Returns a stop function that
 * removes the row on a clean shutdown.
 */
export function startHeartbeat(
  db: Db,
  {
    workerId,
    intervalMs,
    onError,
  }: { workerId: string; intervalMs: number; onError: (error: unknown) => void },
): () => Promise<void> {
  const startedAt = new Date();
  const beat = async () => {
    const now = new Date();
    await db.workerHeartbeat.upsert({
      where: { workerId },
      create: { workerId, hostname: hostname(), pid: process.pid, startedAt, beatAt: now },
      update: { beatAt: now },
    });
  };
  const tick = () => void beat().catch(onError);
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await db.workerHeartbeat.deleteMany({ where: { workerId } }).catch(onError);
  };
}
