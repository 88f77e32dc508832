import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { generateFernetKey } from "@adsconnect/vault";
import { Logger, makeWorkerUtils, runMigrations, type WorkerUtils } from "graphile-worker";

export interface StatusHarness {
  database: TestDatabase;
  services: Services;
  sandbox: SandboxProcess;
  /** graphile-worker's utilities on this database (its schema migrated), to add jobs. */
  utils: WorkerUtils;
  close(): Promise<void>;
}

const quiet = new Logger(() => () => {});

/** A database of this file's own with graphile-worker's schema, services on it, a sandbox. */
export async function startStatusHarness(): Promise<StatusHarness> {
  const database = await cloneTestDatabase();
  const sandbox = await startSandboxProcess();
  const services = createServices(
    servicesEnv({
      runtimeEnv: {
        DATABASE_URL: database.url,
        ENCRYPTION_KEYS: generateFernetKey(),
        AMAZON_CLIENT_ID: sandbox.clientId,
        AMAZON_CLIENT_SECRET: sandbox.clientSecret,
        AMAZON_BASE_URL: sandbox.baseUrlTemplate,
      },
    }),
    {
      name: "operations-test",
      logger: createLogger("operations-test", { level: "silent" }),
      poolMax: 5,
      refreshMaxAttempts: 1,
    },
  );
  await runMigrations({ pgPool: services.pool, logger: quiet });
  const utils = await makeWorkerUtils({ pgPool: services.pool, logger: quiet });
  return {
    database,
    services,
    sandbox,
    utils,
    close: async () => {
      await utils.release();
      await services.close();
      await sandbox.stop();
      await database.drop();
    },
  };
}

/** Writes a heartbeat row as apps/worker does, `ageSeconds` old. */
export async function beat(services: Services, workerId: string, ageSeconds: number) {
  const at = new Date(services.now().getTime() - ageSeconds * 1000);
  await services.pool.query(
    `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, beat_at)
     VALUES ($1, 'worker-host', 4242, $2, $2)
     ON CONFLICT (worker_id) DO UPDATE SET beat_at = EXCLUDED.beat_at`,
    [workerId, at],
  );
}
