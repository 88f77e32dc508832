import type { Services } from "@adsconnect/services";

/** Railway's health check path (apps/api/railway.json). */
export const HEALTH_PATH = "/health";

/** How long the database may take to answer `SELECT 1` before the check fails. */
export const HEALTH_TIMEOUT_MS = 3000;

/**
 * Whether this process can serve: it is up (it answers) and reaches PostgreSQL on the pool
 * every internal app's call uses. The body names no host, user or error: only the verdict.
 */
export async function checkHealth(
  pool: Pick<Services["pool"], "query">,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<{ healthy: boolean; body: { status: string; database: string } }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), timeoutMs);
  });
  try {
    await Promise.race([pool.query("SELECT 1"), timedOut]);
    return { healthy: true, body: { status: "ok", database: "ok" } };
  } catch {
    return { healthy: false, body: { status: "unavailable", database: "unreachable" } };
  } finally {
    clearTimeout(timer);
  }
}
