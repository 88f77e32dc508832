import { getAuthSettings } from "@/server/auth-settings";
import { logger } from "@/server/logger";

/**
 * Decides (and logs) the sign-in provider when the server starts. A
 * configuration that must not run — local sign-in in production without
 * ALLOW_LOCAL_AUTH_IN_PRODUCTION — stops the process instead of serving.
 */
export function checkStartup() {
  try {
    getAuthSettings();
  } catch (error) {
    logger.fatal(
      { err: error instanceof Error ? error.message : String(error) },
      "refusing to start",
    );
    logger.flush();
    process.exit(1);
  }
}
