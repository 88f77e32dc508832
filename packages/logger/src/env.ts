/** LOG_LEVEL: fatal | error | warn | info | debug | trace. Default info. */
export function defaultLogLevel(): string {
  return process.env.LOG_LEVEL ?? "info";
}
