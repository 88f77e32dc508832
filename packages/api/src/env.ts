import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The machine API's public origin, as a preset for an app's env.ts (`extends: [apiEnv(), …]`):
 * apps/api serves at it, and the web app names it to whoever sends its dashboard an API key.
 * Reads `runtimeEnv` (default: a copy of this process's environment); `skipValidation`
 * returns it unchecked (`next build` needs no configuration).
 */
export function apiEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** The machine API's public origin (apps/api), e.g. https://api.adsconnect.example.com. */
      API_URL: z
        .url()
        .default("http://localhost:3001")
        .transform((url) => url.replace(/\/+$/, "")),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
