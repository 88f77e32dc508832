import { Writable } from "node:stream";

import { createLogger, type Logger } from "@adsconnect/logger";

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far, parsed. */
  entries: () => Record<string, unknown>[];
}

/** A real pino logger (same redaction as production) writing into memory. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return {
    logger: createLogger("api-test", { level: "debug" }, stream),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
