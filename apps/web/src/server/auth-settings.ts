import "server-only";

import { resolveAuthSettings, type AuthSettings } from "@adsconnect/auth";

import { env } from "@/env";
import { logger } from "@/server/logger";

// Next bundles the proxy, instrumentation and app separately; globalThis makes
// this once per process, so the provider is decided and logged once.
const store = globalThis as unknown as { adsconnectAuthSettings?: AuthSettings };

/** Who signs people in, decided once per process (and logged, so operators can see it). */
export function getAuthSettings(): AuthSettings {
  if (!store.adsconnectAuthSettings) {
    store.adsconnectAuthSettings = resolveAuthSettings(env);
    logger.info(
      { provider: store.adsconnectAuthSettings.provider },
      `sign-in provider: ${store.adsconnectAuthSettings.provider}`,
    );
  }
  return store.adsconnectAuthSettings;
}
