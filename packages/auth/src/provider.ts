import { z } from "zod";

import { normalisePem } from "./keys";
import { createLocalIssuer, type LocalIssuer } from "./local-issuer";

export type AuthProviderName = "clerk" | "local";

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

export const authEnvSchema = z.object({
  AUTH_PROVIDER: z.enum(["clerk", "local"]).optional(),
  CLERK_SECRET_KEY: z.string().min(1).optional(),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_/, "must start with pk_test_ or pk_live_")
    .optional(),
  CLERK_JWT_KEY: z.string().min(1).optional(),
  CLERK_ENCRYPTION_KEY: z.string().min(1).optional(),
  LOCAL_AUTH_PRIVATE_KEY: z.string().min(1).optional(),
  ALLOW_LOCAL_AUTH_IN_PRODUCTION: z.enum(["true", "false"]).optional(),
  APP_URL: z.url().default("http://localhost:3000"),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
});
export type AuthEnv = z.input<typeof authEnvSchema>;

export type AuthSettings =
  | {
      provider: "clerk";
      publishableKey: string;
      secretKey: string;
      /** When set, Clerk verifies sessions offline with this key instead of fetching its JWKS. */
      jwtKey: string | undefined;
    }
  | { provider: "local"; issuer: LocalIssuer };

/**
 * Decides who signs people in. Clerk when both of its keys are set, the local
 * issuer otherwise; `AUTH_PROVIDER` overrides. Local sign-in has no password,
 * so it refuses production unless explicitly allowed.
 */
export function resolveAuthSettings(input: AuthEnv): AuthSettings {
  const parsed = authEnvSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuthConfigError(
      `Invalid sign-in configuration: ${issue?.path.join(".")} ${issue?.message}`,
    );
  }
  const env = parsed.data;
  const clerkConfigured = Boolean(env.CLERK_SECRET_KEY && env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  const provider: AuthProviderName = env.AUTH_PROVIDER ?? (clerkConfigured ? "clerk" : "local");

  if (provider === "clerk") {
    if (!env.CLERK_SECRET_KEY || !env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) {
      throw new AuthConfigError(
        "AUTH_PROVIDER=clerk needs CLERK_SECRET_KEY and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY (from the Clerk dashboard, API keys).",
      );
    }
    return {
      provider,
      publishableKey: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
      secretKey: env.CLERK_SECRET_KEY,
      jwtKey: env.CLERK_JWT_KEY ? normalisePem(env.CLERK_JWT_KEY) : undefined,
    };
  }

  if (env.NODE_ENV === "production" && env.ALLOW_LOCAL_AUTH_IN_PRODUCTION !== "true") {
    throw new AuthConfigError(
      "Local sign-in (no password) is refused in production. Set CLERK_SECRET_KEY and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, or ALLOW_LOCAL_AUTH_IN_PRODUCTION=true for a demo.",
    );
  }
  if (!env.LOCAL_AUTH_PRIVATE_KEY) {
    throw new AuthConfigError(
      "Local sign-in needs LOCAL_AUTH_PRIVATE_KEY (an RSA-2048 private key in PEM). `pnpm dev` generates one into .dev/env.",
    );
  }
  if (!env.CLERK_ENCRYPTION_KEY) {
    throw new AuthConfigError(
      "Local sign-in needs CLERK_ENCRYPTION_KEY (any random string; Clerk's middleware encrypts its per-request options with it). `pnpm dev` generates one into .dev/env.",
    );
  }
  return {
    provider,
    issuer: createLocalIssuer({ privateKeyPem: env.LOCAL_AUTH_PRIVATE_KEY, appUrl: env.APP_URL }),
  };
}
