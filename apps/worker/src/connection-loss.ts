/**
 * Errors that mean Postgres closed a connection under us (a restart, a
 * failover, pg_terminate_backend): the pools reconnect on next use and the
 * jobs in flight are retried by graphile-worker, so the process carries on.
 */
const CONNECTION_LOST_CODES = new Set([
  "57P01", // admin_shutdown: terminating connection due to administrator command
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08006", // connection_failure
  "08003", // connection_does_not_exist
]);

export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_LOST_CODES.has(code)) return true;
  return /Connection terminated|not queryable|ECONNRESET|ECONNREFUSED/.test(error.message);
}
