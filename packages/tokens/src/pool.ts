import pg from "pg";

export interface TokensPoolOptions {
  /** Connections at most. Default 10; each refresh in flight holds one. */
  max?: number;
  /** Shown in pg_stat_activity. Default "adsconnect-tokens". */
  applicationName?: string;
  /** How long an idle connection stays open. Default 10 s (node-postgres's). */
  idleTimeoutMillis?: number;
  /** Told about connections Postgres dropped while idle. Default: ignored (the pool reconnects on next use). */
  onError?: (error: Error) => void;
}

/**
 * A node-postgres pool for `TokensDeps.pool`, so callers need not depend on
 * pg themselves. An idle connection that Postgres drops (a restart,
 * pg_terminate_backend) emits an error the pool would otherwise rethrow as
 * an uncaught exception; here it is reported and the pool carries on.
 */
export function createTokensPool(databaseUrl: string, options: TokensPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "adsconnect-tokens",
    // A caller waits at most 10 s for a connection, rather than forever when
    // every connection is held by a refresh waiting on a slow Amazon.
    connectionTimeoutMillis: 10_000,
    ...(options.idleTimeoutMillis === undefined
      ? {}
      : { idleTimeoutMillis: options.idleTimeoutMillis }),
  });
  const onError = options.onError ?? (() => {});
  pool.on("error", onError);
  return pool;
}
