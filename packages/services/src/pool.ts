import pg from "pg";

export interface PoolOptions {
  /** Connections at most. Default 10. */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  /** How long an idle connection stays open. Default 10 s (node-postgres's). */
  idleTimeoutMillis?: number;
  /** Told about connections Postgres dropped (a restart, pg_terminate_backend). */
  onError: (error: Error) => void;
}

/**
 * A node-postgres pool that survives dropped connections. An idle connection
 * that Postgres drops emits an error the pool would otherwise rethrow as an
 * uncaught exception, and so does a checked-out one (a refresh holding its
 * lock while Amazon answers): both are reported, and the pool reconnects on
 * next use.
 */
export function createPool(databaseUrl: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName,
    // A caller waits at most 10 s for a connection, rather than forever when
    // every connection is held by a refresh waiting on a slow Amazon.
    connectionTimeoutMillis: 10_000,
    ...(options.idleTimeoutMillis === undefined
      ? {}
      : { idleTimeoutMillis: options.idleTimeoutMillis }),
  });
  pool.on("error", options.onError);
  pool.on("connect", (client) => client.on("error", options.onError));
  return pool;
}
