import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

import { currentRequestId } from "./request-context";

export type { Logger };
export {
  currentRequestId,
  REQUEST_ID_PATTERN,
  requestIdFrom,
  withRequestId,
} from "./request-context";

/**
 * Field names whose values are secrets wherever they appear in a log object.
 * pino replaces them before serialisation, so a token passed by mistake never
 * reaches stdout.
 */
export const REDACTED_FIELDS = [
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "clientSecret",
  "client_secret",
  "authorizationCode",
  "code_verifier",
  "codeVerifier",
  "apiKey",
  "authorization",
  "Authorization",
  "password",
  "secret",
  "token",
  "encryptionKeys",
] as const;

const redactPaths = REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * The product's logger: JSON lines in production, one line per event.
 * `level`: LOG_LEVEL (loggerEnv, from `@adsconnect/logger/env`); default "info".
 */
export function createLogger(
  name: string,
  options: Omit<LoggerOptions, "redact"> = {},
  destination?: DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    base: { service: name },
    ...options,
    // Unset when the environment was not checked (the web app's `next build`): info.
    level: options.level ?? "info",
    redact: { paths: redactPaths, censor: "[redacted]" },
    // Every line written while serving a request or a job names it (withRequestId).
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  };
  return destination ? pino(settings, destination) : pino(settings);
}
