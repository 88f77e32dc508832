import "server-only";

import type { AccountsDeps } from "@adsconnect/accounts";
import type { ApiServices } from "@adsconnect/api";

import { env } from "@/env";
import { createApiServices } from "@/server/create-services";
import { db } from "@/server/db";
import { logger } from "@/server/logger";

const store = globalThis as unknown as { adsconnectServices?: ApiServices };

/** The vault, the Amazon client and the pg pool, built once per process from the environment. */
export function getServices(): ApiServices {
  // Next serves signed-in people (an owner's hand-out may refresh inline); internal apps' calls
  // go through server.ts's own services, sized for them.
  store.adsconnectServices ??= createApiServices(env, logger, { pgPoolMax: 5 });
  return store.adsconnectServices;
}

export function accountsDeps(): AccountsDeps {
  const { vault, amazon } = getServices();
  return { db, vault, amazon, logger };
}
