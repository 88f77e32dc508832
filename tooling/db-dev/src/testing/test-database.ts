import { randomBytes } from "node:crypto";
import { join } from "node:path";

import { DEFAULT_DATABASE_URL, migrateDatabase } from "@adsconnect/db/migrate";

import { repoRoot, startEmbeddedPostgres } from "../embedded";
import { databaseUrlFromEnv } from "../env";
import {
  canConnect,
  databaseName,
  execute,
  freePort,
  quoteIdentifier,
  withDatabase,
} from "../server";

export interface CreateTestDatabaseOptions {
  /**
   * The server to create the database on. Default: `DATABASE_URL`, else
   * `postgresql://postgres@127.0.0.1:5432/postgres`; when nothing answers
   * there, a throwaway embedded Postgres in `<repo>/.data/`.
   */
  serverUrl?: string;
  /** Apply prisma/migrations to the new database. Default: true. */
  migrate?: boolean;
  /** Copy this database (on the same server) instead of migrating: `CREATE DATABASE ... TEMPLATE`. Default: none. */
  template?: string;
  /** Name prefix; a random suffix is added. Default: "adsconnect_test". */
  prefix?: string;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

export interface TestDatabase {
  url: string;
  name: string;
  /** The URL the database was created through: pass it as `serverUrl` to make siblings on the same server. */
  serverUrl: string;
  /** Drop the database (`WITH (FORCE)`), and stop the embedded server if one was started for it. */
  drop(): Promise<void>;
}

/** A fresh database for a test run, migrated unless told otherwise. */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const log = options.log ?? (() => {});
  let serverUrl = options.serverUrl ?? databaseUrlFromEnv() ?? DEFAULT_DATABASE_URL;
  let stopServer = async () => {};
  if (!(await canConnect(serverUrl))) {
    log(`nothing answers at ${redact(serverUrl)}; starting an embedded Postgres`);
    const server = await startEmbeddedPostgres({
      dataDir: join(repoRoot, ".data", `test-postgres-${randomBytes(4).toString("hex")}`),
      port: await freePort(),
      persistent: false,
      log,
    });
    serverUrl = server.url;
    stopServer = server.stop;
  }

  const name = `${options.prefix ?? "adsconnect_test"}_${randomBytes(6).toString("hex")}`;
  const template = options.template
    ? ` TEMPLATE ${quoteIdentifier(databaseName(options.template))}`
    : "";
  try {
    await execute(serverUrl, `CREATE DATABASE ${quoteIdentifier(name)}${template}`);
    const url = withDatabase(serverUrl, name);
    if (!options.template && (options.migrate ?? true)) await migrateDatabase({ databaseUrl: url });
    log(`test database ${name} ready`);
    return {
      url,
      name,
      serverUrl,
      drop: async () => {
        try {
          await execute(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
        } finally {
          await stopServer();
        }
      },
    };
  } catch (error) {
    await execute(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch(
      () => {},
    );
    await stopServer();
    throw error;
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
