import "server-only";

import type { AccountsDeps } from "@adsconnect/accounts";
import type { ApiServices } from "@adsconnect/api";
import { createAmazonClient } from "@adsconnect/amazon";
import { createTokensPool } from "@adsconnect/tokens/pool";
import { TokenVault } from "@adsconnect/vault";

import { env } from "@/env";
import { db } from "@/server/db";
import { logger } from "@/server/logger";

const store = globalThis as unknown as { adsconnectServices?: ApiServices };

/** The vault and the Amazon client, built once per process from the environment. */
export function getServices(): ApiServices {
  store.adsconnectServices ??= {
    vault: TokenVault.fromEncryptionKeys(env.ENCRYPTION_KEYS),
    amazon: createAmazonClient({
      clientId: env.AMAZON_CLIENT_ID,
      clientSecret: env.AMAZON_CLIENT_SECRET,
      redirectUri: `${env.APP_URL}/api/amazon/callback`,
      baseUrlTemplate: env.AMAZON_BASE_URL,
    }),
    amazonClientId: env.AMAZON_CLIENT_ID,
    // Inline refreshes hold one connection each for the per-account lock.
    pgPool: createTokensPool(env.DATABASE_URL, {
      max: 10,
      applicationName: "adsconnect-web",
      onError: (error) => logger.warn({ err: error.message }, "postgres connection lost"),
    }),
  };
  return store.adsconnectServices;
}

export function accountsDeps(): AccountsDeps {
  const { vault, amazon } = getServices();
  return { db, vault, amazon, logger };
}
