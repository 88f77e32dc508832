import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

// Unset and empty read alike (empty strings count as unset), so both say what to set.
const required = (name: string) => {
  const message = `${name} is required (Login with Amazon security profile)`;
  return z.string({ error: message }).min(1, message);
};

/**
 * The Amazon client's variables, as a preset for an app's env.ts (`extends: [amazonEnv(), …]`).
 * Reads `runtimeEnv` (default: a copy of this process's environment); `skipValidation`
 * returns it unchecked (`next build` needs no secrets).
 */
export function amazonEnv(
  options: { runtimeEnv?: Record<string, string | undefined>; skipValidation?: boolean } = {},
) {
  return createEnv({
    server: {
      /** The Login with Amazon security profile's client id. Required. */
      AMAZON_CLIENT_ID: required("AMAZON_CLIENT_ID"),
      /** Its client secret. Required. */
      AMAZON_CLIENT_SECRET: required("AMAZON_CLIENT_SECRET"),
      /** Development and tests only: e.g. http://127.0.0.1:4599/{region}. Unset: Amazon's own hosts. */
      AMAZON_BASE_URL: z
        .string()
        .includes("{region}", { message: "must contain {region}" })
        .optional(),
      /** Per-request timeout for Amazon, in ms. Default 10000. */
      AMAZON_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
      /** The web app's origin: Amazon redirects people to `${APP_URL}/api/amazon/callback`. */
      APP_URL: z.url().default("http://localhost:3000"),
    },
    // A copy: env-core deletes empty strings from the object it is given.
    runtimeEnv: { ...(options.runtimeEnv ?? process.env) },
    skipValidation: options.skipValidation ?? false,
    emptyStringAsUndefined: true,
  });
}
