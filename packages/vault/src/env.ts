import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

// Unset and empty read alike (empty strings count as unset), so both say what to set.
const REQUIRED = "ENCRYPTION_KEYS is required: comma-separated Fernet keys, newest first";

/**
 * The vault's key ring, as a preset for an app's env.ts (`extends: [vaultEnv(), …]`).
 * Reads `runtimeEnv` (default: a copy of this process's environment); `skipValidation`
 * returns it unchecked (`next build` needs no secrets).
 */
export function vaultEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** Fernet keys, comma-separated, newest first. Required; `pnpm dev` generates one. */
      ENCRYPTION_KEYS: z.string({ error: REQUIRED }).min(1, REQUIRED),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
