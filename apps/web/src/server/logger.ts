import "server-only";

import { createLogger } from "@adsconnect/logger";

export const logger = createLogger("web");
