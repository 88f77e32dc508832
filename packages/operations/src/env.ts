import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The status endpoint's thresholds (`/api/status`), as a preset for an app's env.ts
 * (`extends: [operationsEnv(), …]`); `statusThresholdsFrom(env)` turns them into
 * StatusThresholds.
 */
export function operationsEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** A worker whose heartbeat is older than this is stale; none fresh: status `down`. Default 60. */
      STATUS_HEARTBEAT_STALE_SECONDS: z.coerce.number().int().min(1).default(60),
      /** The oldest job waiting longer than this: status `degraded`. Default 300. */
      STATUS_QUEUE_LAG_SECONDS: z.coerce.number().int().min(1).default(300),
      /** Refresh success rate over the last hour below this: `degraded`. Default 0.9. */
      STATUS_REFRESH_SUCCESS_MIN: z.coerce.number().min(0).max(1).default(0.9),
      /** …once the hour has at least this many refresh outcomes. Default 10. */
      STATUS_REFRESH_MIN_SAMPLES: z.coerce.number().int().min(1).default(10),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}

export type OperationsEnv = ReturnType<typeof operationsEnv>;
