// No "server-only" here: apps/web/server.ts imports this outside Next's bundler.
import type { ApiServices } from "@adsconnect/api";
import { createAmazonClient } from "@adsconnect/amazon";
import type { Logger } from "@adsconnect/logger";
import { createTokensPool } from "@adsconnect/tokens/pool";
import { TokenVault } from "@adsconnect/vault";

import type { env as Env } from "../env";

/** The vault, the Amazon client and the pg pool, from the environment. */
export function createApiServices(
  env: typeof Env,
  logger: Logger,
  options: { pgPoolMax: number },
): ApiServices {
  return {
    vault: TokenVault.fromEncryptionKeys(env.ENCRYPTION_KEYS),
    amazon: createAmazonClient({
      clientId: env.AMAZON_CLIENT_ID,
      clientSecret: env.AMAZON_CLIENT_SECRET,
      redirectUri: `${env.APP_URL}/api/amazon/callback`,
      baseUrlTemplate: env.AMAZON_BASE_URL,
    }),
    amazonClientId: env.AMAZON_CLIENT_ID,
    // API-key lookups and hand-out reads; inline refreshes hold one connection each for the lock.
    pgPool: createTokensPool(env.DATABASE_URL, {
      max: options.pgPoolMax,
      applicationName: "adsconnect-web",
      onError: (error) => logger.warn({ err: error.message }, "postgres connection lost"),
    }),
  };
}
