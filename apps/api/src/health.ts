import {
  checkServing,
  findMigrationsDir,
  HEALTH_TIMEOUT_MS,
  migrationNames,
  type ServingHealth,
} from "@adsconnect/operations";
import type { Services } from "@adsconnect/services";

/** Railway's health check path (apps/api/railway.json). */
export const HEALTH_PATH = "/health";

export { HEALTH_TIMEOUT_MS };

let expected: string[] | undefined;

/** prisma/migrations' folder names, found from the working directory (apps/api), once. */
function expectedMigrations(): string[] {
  if (!expected) {
    const dir = findMigrationsDir();
    expected = dir ? migrationNames(dir) : [];
  }
  return expected;
}

/**
 * Whether this process can serve: it is up (it answers), reaches PostgreSQL on the pool every
 * internal app's call uses, and the database has every migration in prisma/migrations. The body
 * names no host, user or error: only the verdict (and a pending migration's name).
 */
export async function checkHealth(
  pool: Pick<Services["pool"], "query">,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<ServingHealth> {
  return checkServing(pool, expectedMigrations(), timeoutMs);
}
