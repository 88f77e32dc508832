import type { WorkerEvents } from "graphile-worker";

/**
 * graphile-worker events that mean its job loop turned: the local queue fetched from Postgres
 * (every poll interval when idle, and that fetch succeeded), or a job started or finished.
 */
export const LOOP_TICK_EVENTS = [
  "localQueue:getJobs:complete",
  "job:start",
  "job:complete",
] as const;

/**
 * When the job loop last turned (ms since the epoch; `startedAt` until it first does), across
 * every runner `watch` is given: the worker starts a new runner when graphile-worker stops by
 * itself, and /health asks about the loop, not about one runner.
 */
export function loopTicks(startedAt: number): {
  watch: (events: WorkerEvents) => void;
  lastTickAt: () => number;
} {
  let last = startedAt;
  const tick = () => {
    last = Date.now();
  };
  return {
    watch: (events) => {
      for (const event of LOOP_TICK_EVENTS) events.on(event, tick);
    },
    lastTickAt: () => last,
  };
}
