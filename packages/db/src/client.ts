import { PrismaPg } from "@prisma/adapter-pg";

import { PrismaClient } from "./generated/prisma/client";

export { Prisma, PrismaClient } from "./generated/prisma/client";
export type Db = PrismaClient;

/**
 * A Prisma client over node-postgres (`@prisma/adapter-pg`): no native query
 * engine, so it runs wherever Node runs. `max` bounds this client's pool.
 */
export function createDb(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
