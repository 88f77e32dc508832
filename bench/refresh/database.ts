import { randomBytes } from "node:crypto";

import { DEFAULT_DATABASE_URL, migrateDatabase } from "@adsconnect/db/migrate";
import pg from "pg";

import { databaseServerUrl } from "./env";

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database on DATABASE_URL's server (default: the local Postgres), dropped after. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const serverUrl = databaseServerUrl ?? DEFAULT_DATABASE_URL;
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDatabase({ databaseUrl: url.toString() });
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
