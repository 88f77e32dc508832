import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The database's variables, as a preset for an app's env.ts (`extends: [dbEnv(), …]`).
 * Reads `runtimeEnv` (default: a copy of this process's environment); `skipValidation`
 * returns it unchecked (`next build` needs no configuration).
 */
export function dbEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** PostgreSQL. Default: the local server's `postgres` database. */
      DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
