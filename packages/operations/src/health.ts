import type { Pool } from "pg";

import { pendingMigrations } from "./migrations";

/** How long the database may take to answer before a health check fails. */
export const HEALTH_TIMEOUT_MS = 3000;

export interface ServingHealth {
  healthy: boolean;
  body: {
    status: "ok" | "unavailable";
    database: "ok" | "unreachable";
    /** `pending`: the code expects migrations the database does not have (names below). */
    migrations: "ok" | "pending" | "unknown";
    pendingMigrations?: string[];
  };
}

/**
 * Whether a process can serve: its database answers and has every migration the code was
 * built with (`expected`: the folder names of prisma/migrations). Nothing about workers: a
 * worker outage must not fail a web deploy's health check. The body names no host, user or
 * error.
 */
export async function checkServing(
  pool: Pick<Pool, "query">,
  expected: readonly string[],
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<ServingHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), timeoutMs);
  });
  try {
    const pending = await Promise.race([pendingMigrations(pool, expected), timedOut]);
    if (pending.length > 0)
      return {
        healthy: false,
        body: {
          status: "unavailable",
          database: "ok",
          migrations: "pending",
          pendingMigrations: pending,
        },
      };
    return { healthy: true, body: { status: "ok", database: "ok", migrations: "ok" } };
  } catch {
    return {
      healthy: false,
      body: { status: "unavailable", database: "unreachable", migrations: "unknown" },
    };
  } finally {
    clearTimeout(timer);
  }
}

/** `SELECT 1` within the timeout: the database connection works. */
export async function databaseAnswers(
  pool: Pick<Pool, "query">,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), timeoutMs);
  });
  try {
    await Promise.race([pool.query("SELECT 1"), timedOut]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
