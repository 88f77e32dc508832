import type { Runner } from "graphile-worker";

/**
 * graphile-worker events that mean its job loop turned: the local queue fetched from Postgres
 * (every poll interval when idle, and that fetch succeeded), or a job started or finished.
 */
export const LOOP_TICK_EVENTS = [
  "localQueue:getJobs:complete",
  "job:start",
  "job:complete",
] as const;

/** When the runner's job loop last turned (ms since the epoch); starts at `startedAt`. */
export function trackLoopTicks(runner: Pick<Runner, "events">, startedAt: number): () => number {
  let last = startedAt;
  const tick = () => {
    last = Date.now();
  };
  for (const event of LOOP_TICK_EVENTS) runner.events.on(event, tick);
  return () => last;
}
