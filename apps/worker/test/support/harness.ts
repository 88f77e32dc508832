import { createDb, type Db } from "@adsconnect/db/client";
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import {
  Logger,
  makeWorkerUtils,
  runMigrations,
  type JobHelpers,
  type WorkerUtils,
} from "graphile-worker";
import pg from "pg";

import { createWorkerDeps, type WorkerOptions } from "../../src/worker";
import type { WorkerDeps } from "../../src/worker-deps";

export interface WorkerHarness {
  database: TestDatabase;
  pool: pg.Pool;
  db: Db;
  sandbox: SandboxProcess;
  encryptionKeys: string;
  vault: TokenVault;
  utils: WorkerUtils;
  /** Options as main.ts builds them from the environment, pointed at this database and sandbox. */
  options(overrides?: Partial<WorkerOptions>): WorkerOptions;
  /** Task dependencies over this harness's connections. */
  deps(overrides?: Partial<WorkerOptions>): WorkerDeps;
  /** What a task gets as helpers when run directly. */
  helpers: Pick<JobHelpers, "addJob" | "addJobs" | "logger">;
  /** The environment of a worker process (`node --import tsx src/main.ts`). */
  env(overrides?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

const quietGraphileLogger = new Logger(() => () => {});

/** A database of this file's own (graphile-worker's schema included), a sandbox, a vault. */
export async function startWorkerHarness(): Promise<WorkerHarness> {
  const database = await cloneTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 20 });
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  await runMigrations({ pgPool: pool, logger: quietGraphileLogger });
  const utils = await makeWorkerUtils({ pgPool: pool, logger: quietGraphileLogger });
  const db = createDb(database.url, { max: 4 });
  const sandbox = await startSandboxProcess();
  const encryptionKeys = generateFernetKey();
  const logger = createLogger("worker-test", { level: "silent" });

  const options = (overrides: Partial<WorkerOptions> = {}): WorkerOptions => ({
    databaseUrl: database.url,
    concurrency: 10,
    heartbeatIntervalMs: 1000,
    logger,
    encryptionKeys,
    amazon: {
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      redirectUri: sandbox.redirectUris[0]!,
      baseUrlTemplate: sandbox.baseUrlTemplate,
      timeoutMs: 2000,
    },
    refresh: { leadSeconds: 600, failingAfter: 3, maxAttempts: 5, retryBaseMs: 5000 },
    keyRotationBatchSize: 500,
    ...overrides,
  });

  return {
    database,
    pool,
    db,
    sandbox,
    encryptionKeys,
    vault: TokenVault.fromEncryptionKeys(encryptionKeys),
    utils,
    options,
    deps: (overrides) => createWorkerDeps(options(overrides), { db, pool }),
    helpers: { addJob: utils.addJob, addJobs: utils.addJobs, logger: utils.logger },
    env: (overrides = {}) => ({
      PATH: process.env.PATH ?? "",
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: encryptionKeys,
      AMAZON_CLIENT_ID: sandbox.clientId,
      AMAZON_CLIENT_SECRET: sandbox.clientSecret,
      AMAZON_BASE_URL: sandbox.baseUrlTemplate,
      APP_URL: "http://localhost:3000",
      LOG_LEVEL: "info",
      WORKER_HEARTBEAT_SECONDS: "1",
      ...overrides,
    }),
    close: async () => {
      await sandbox.stop();
      await utils.release();
      await db.$disconnect();
      await pool.end();
      await database.drop();
    },
  };
}

/** The jobs waiting in graphile-worker's queue, by task. */
export async function queuedJobs(pool: pg.Pool, task?: string) {
  const { rows } = await pool.query<{
    id: string;
    task_identifier: string;
    payload: Record<string, unknown>;
    key: string | null;
    run_at: Date;
    priority: number;
    attempts: number;
    locked_at: Date | null;
  }>(
    // The public jobs view hides payloads; tests read the table behind it.
    `SELECT j.id, t.identifier AS task_identifier, j.payload, j.key, j.run_at, j.priority, j.attempts, j.locked_at
       FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE $1::text IS NULL OR t.identifier = $1 ORDER BY j.id`,
    [task ?? null],
  );
  return rows;
}
