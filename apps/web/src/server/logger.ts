import "server-only";

import { createLogger } from "@adsconnect/logger";

import { env } from "@/env";

/** The web app's logger; services.ts hands it to createServices, so there is one per bundle. */
export const logger = createLogger("web", { level: env.LOG_LEVEL });
