import { createAmazonClient, type AmazonClient, type AmazonClientConfig } from "@adsconnect/amazon";
import type { Db } from "@adsconnect/db/client";
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { generateFernetKey, type TokenVault } from "@adsconnect/vault";
import {
  Logger,
  makeWorkerUtils,
  runMigrations,
  type JobHelpers,
  type WorkerUtils,
} from "graphile-worker";
import type pg from "pg";

import { inheritedPath } from "./env";

export interface WorkerHarness {
  database: TestDatabase;
  pool: pg.Pool;
  db: Db;
  sandbox: SandboxProcess;
  encryptionKeys: string;
  vault: TokenVault;
  utils: WorkerUtils;
  /**
   * The services main.ts builds, from `env()` (Amazon's timeout 2 s), with some fields
   * replaced; one set of connections for the whole file.
   */
  services(overrides?: Partial<Services>): Services;
  /** An Amazon client on this sandbox that tries once, with other settings (e.g. a short timeout). */
  amazonWith(config: Partial<AmazonClientConfig>): AmazonClient;
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
  const sandbox = await startSandboxProcess();
  const encryptionKeys = generateFernetKey();
  const env = (overrides: Record<string, string> = {}) => ({
    PATH: inheritedPath,
    DATABASE_URL: database.url,
    ENCRYPTION_KEYS: encryptionKeys,
    AMAZON_CLIENT_ID: sandbox.clientId,
    AMAZON_CLIENT_SECRET: sandbox.clientSecret,
    AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    APP_URL: "http://localhost:3000",
    LOG_LEVEL: "info",
    WORKER_HEARTBEAT_SECONDS: "1",
    ...overrides,
  });
  const services = createServices(servicesEnv({ runtimeEnv: env({ AMAZON_TIMEOUT_MS: "2000" }) }), {
    name: "worker-test",
    logger: createLogger("worker-test", { level: "silent" }),
    poolMax: 20,
    dbPoolMax: 4,
    refreshMaxAttempts: 1,
  });
  const { pool } = services;
  await runMigrations({ pgPool: pool, logger: quietGraphileLogger });
  const utils = await makeWorkerUtils({ pgPool: pool, logger: quietGraphileLogger });

  return {
    database,
    pool,
    db: services.db,
    sandbox,
    encryptionKeys,
    vault: services.vault,
    utils,
    services: (overrides = {}) => ({ ...services, ...overrides }),
    amazonWith: (config) =>
      createAmazonClient({
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        redirectUri: "http://localhost:3000/api/amazon/callback",
        baseUrlTemplate: sandbox.baseUrlTemplate,
        timeoutMs: 2000,
        retry: { maxAttempts: 1 },
        ...config,
      }),
    helpers: { addJob: utils.addJob, addJobs: utils.addJobs, logger: utils.logger },
    env,
    close: async () => {
      await sandbox.stop();
      await utils.release();
      await services.close();
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
