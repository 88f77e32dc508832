import { adsProxyEnv } from "@adsconnect/ads-proxy/env";
import { amazonEnv } from "@adsconnect/amazon/env";
import { apiEnv } from "@adsconnect/api/env";
import { dbEnv } from "@adsconnect/db/env";
import { loggerEnv } from "@adsconnect/logger/env";
import { metricsEnv } from "@adsconnect/metrics/env";
import { rateLimitEnv } from "@adsconnect/rate-limits/env";
import { refreshEnv } from "@adsconnect/services/env";
import { vaultEnv } from "@adsconnect/vault/env";
import { webhooksEnv } from "@adsconnect/webhooks/env";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The machine API's configuration: the presets of the packages its services are built from
 * (DATABASE_URL, ENCRYPTION_KEYS, AMAZON_*, LOG_LEVEL, REFRESH_*, ADS_PROXY_*, RATE_LIMIT_*), its public origin
 * (API_URL), and its own. A bad value stops the process with one clear message at start.
 */
export const env = createEnv({
  extends: [
    dbEnv(),
    vaultEnv(),
    amazonEnv(),
    loggerEnv(),
    refreshEnv(),
    apiEnv(),
    adsProxyEnv(),
    rateLimitEnv(),
    metricsEnv(),
    webhooksEnv(),
  ],
  server: {
    /** The port it listens on, on every interface (Railway sets it). Default 3001. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** `development` (`pnpm dev`) sends unexpected errors' real messages to callers. */
    NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
  },
  // A copy: env-core deletes empty strings from the object it is given.
  runtimeEnv: { ...process.env },
  emptyStringAsUndefined: true,
});
