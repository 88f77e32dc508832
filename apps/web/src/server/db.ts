import "server-only";

import { createDb, type Db } from "@adsconnect/db/client";

import { env } from "@/env";

// One client per server process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { adsconnectDb?: Db };
export const db: Db = globalForDb.adsconnectDb ?? createDb(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalForDb.adsconnectDb = db;
