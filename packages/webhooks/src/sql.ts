/** A node-postgres client or pool (what packages/tokens holds). */
interface PgExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A Prisma client or interactive transaction (what packages/accounts holds). */
interface PrismaExecutor {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

/**
 * Whatever the caller's transaction runs on: node-postgres or Prisma. The webhook tables are
 * written in plain SQL either way (one statement), so an event joins the caller's transaction
 * whichever library opened it.
 */
export type SqlExecutor = PgExecutor | PrismaExecutor;

export async function runSql<T>(tx: SqlExecutor, sql: string, params: unknown[]): Promise<T[]> {
  if ("$queryRawUnsafe" in tx) return tx.$queryRawUnsafe<T[]>(sql, ...params);
  const result = await tx.query(sql, params);
  return result.rows as T[];
}

/** The channel a committed event wakes the worker's dispatcher on (NOTIFY is sent at commit only). */
export const WEBHOOK_CHANNEL = "adsconnect_webhooks";
