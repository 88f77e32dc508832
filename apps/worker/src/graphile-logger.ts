import type { Logger as PinoLogger } from "@adsconnect/logger";
import { Logger } from "graphile-worker";

/** Routes graphile-worker's own log lines into pino, keeping its scope (task, job id) as fields. */
export function graphileLogger(logger: PinoLogger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    switch (level) {
      case "error":
        logger.error(fields, message);
        break;
      case "warning":
        logger.warn(fields, message);
        break;
      case "debug":
        logger.debug(fields, message);
        break;
      default:
        logger.info(fields, message);
    }
  });
}
