import { createEnv } from "@t3-oss/env-core";

import { authEnvSchema } from "./provider";

/**
 * Sign-in's variables (see resolveAuthSettings), as a preset for an app's env.ts
 * (`extends: [authEnv(), …]`). Reads `runtimeEnv` (default: a copy of this process's
 * environment); `skipValidation` returns it unchecked (`next build` needs no secrets).
 */
export function authEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: authEnvSchema.shape,
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
