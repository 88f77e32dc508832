import "server-only";

import type { AccountsDeps } from "@adsconnect/accounts";
import type { ApiServices } from "@adsconnect/api";
import { createAmazonClient } from "@adsconnect/amazon";
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
  };
  return store.adsconnectServices;
}

export function accountsDeps(): AccountsDeps {
  const { vault, amazon } = getServices();
  return { db, vault, amazon, logger };
}
