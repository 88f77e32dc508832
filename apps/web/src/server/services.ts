import "server-only";

import { rateLimitSettingsFromEnv } from "@adsconnect/rate-limits/env";
import { createServices, type Services } from "@adsconnect/services";
import { webhookSettingsFromEnv } from "@adsconnect/webhooks/env";

import { env } from "@/env";
import { logger } from "@/server/logger";

// Next bundles the proxy, instrumentation and app separately, and its dev server reloads
// modules: globalThis makes this once per process.
const store = globalThis as unknown as { adsconnectServices?: Services };

/**
 * This process's services for what the web app serves (pages, the dashboard's API, the
 * callback, health), built on first use from the environment. Internal apps' calls go to the
 * machine API (apps/api), a process of its own.
 */
export function getServices(): Services {
  store.adsconnectServices ??= createServices(env, {
    name: "web",
    poolMax: 5,
    logger,
    rateLimits: rateLimitSettingsFromEnv(env),
    webhooks: webhookSettingsFromEnv(env),
  });
  return store.adsconnectServices;
}
