import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The logger's level, as a preset for an app's env.ts (`extends: [loggerEnv(), …]`).
 * Reads `runtimeEnv` (default: a copy of this process's environment); `skipValidation`
 * returns it unchecked (`next build` needs no configuration).
 */
export function loggerEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** pino's level. Default info. */
      LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
