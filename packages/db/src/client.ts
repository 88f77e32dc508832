import { PrismaPg } from "@prisma/adapter-pg";

import { PrismaClient } from "./generated/prisma/client";

export { Prisma, PrismaClient } from "./generated/prisma/client";
export type Db = PrismaClient;

export interface DbOptions {
  /** Bounds this client's pool. Default 10. */
  max?: number;
  /**
   * Called with each SQL statement the client sends, as it is sent (Prisma's query events):
   * tests count a request's round trips with it.
   */
  onQuery?: (sql: string) => void;
}

/**
 * A Prisma client over node-postgres (`@prisma/adapter-pg`): no native query
 * engine, so it runs wherever Node runs.
 */
export function createDb(databaseUrl: string, options: DbOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  const { onQuery } = options;
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return client;
}
