import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * METRICS_TOKEN, as a preset for an app's env.ts (`extends: [metricsEnv(), …]`): the bearer a
 * Prometheus scrape must send to `/metrics` (`/api/metrics` on web). Unset: the endpoint is off
 * (404).
 */
export function metricsEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** At least 16 characters; unset turns the metrics endpoints off. */
      METRICS_TOKEN: z.string().min(16).optional(),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
