import "server-only";

import {
  findMigrationsDir,
  migrationNames,
  statusThresholdsFrom,
  type StatusThresholds,
} from "@adsconnect/operations";

import { env } from "@/env";
import { logger } from "@/server/logger";

let expected: string[] | undefined;

/**
 * The migrations this build expects (prisma/migrations' folder names, found from the working
 * directory: apps/web under the start command), read once per process.
 */
export function expectedMigrations(): string[] {
  if (expected) return expected;
  const dir = findMigrationsDir();
  if (!dir) logger.warn("health: no prisma/migrations folder found; migrations are not checked");
  expected = dir ? migrationNames(dir) : [];
  return expected;
}

/** STATUS_* from the environment. */
export function statusThresholds(): StatusThresholds {
  return statusThresholdsFrom(env);
}
