import { startApiService, type ApiService } from "@adsconnect/api-service/testing";
import { createDb, type Db } from "@adsconnect/db/client";
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { generateFernetKey } from "@adsconnect/vault";
import type { Browser } from "playwright-core";

import { API_URL, localAuthEnv } from "../../test/support/environments";
import { freePort, startWebServer, type WebServer } from "../../test/support/web-server";
import { launchChromium } from "./browser";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

export interface E2eWorldOptions {
  /**
   * The sandbox's access tokens live 5 minutes and the worker refreshes 10 minutes ahead
   * (retrying after a second): every sweep finds every account due.
   */
  everySweepRefreshes?: boolean;
  /** On top of the shared environment (database, key ring, Amazon), for web, worker and API. */
  env?: Record<string, string>;
  /** For the web server only (e.g. ADMIN_USER_IDS). */
  webEnv?: Record<string, string>;
  /** For the worker only (e.g. WORKER_CONCURRENCY). */
  workerEnv?: Record<string, string>;
  /** Also start the machine API (apps/api's bundle). */
  api?: boolean;
}

/** Everything a browser test runs against, on a database of its own. */
export interface E2eWorld {
  database: TestDatabase;
  /** This test process's own client on that database: to set up and inspect. */
  db: Db;
  sandbox: SandboxProcess;
  /** The production build (`next start`), local sign-in. */
  web: WebServer;
  worker: WorkerProcess;
  /** The machine API, when asked for. */
  api: ApiService | null;
  browser: Browser;
  /** Stops all of it, the last started first, and drops the database. */
  stop(): Promise<void>;
}

const DUE_EVERY_SWEEP = {
  accessTokenLifetimeSeconds: 300,
  workerEnv: { REFRESH_LEAD_SECONDS: "600", REFRESH_RETRY_BASE_SECONDS: "1" },
};

/**
 * Starts a fresh database, the Amazon sandbox process, the web app's production build, the
 * worker process, the machine API when asked and Chromium. What started is stopped again if a
 * later step fails, so a failed `beforeAll` leaves no process behind.
 */
export function startE2eWorld(
  options: E2eWorldOptions & { api: true },
): Promise<E2eWorld & { api: ApiService }>;
export function startE2eWorld(options?: E2eWorldOptions): Promise<E2eWorld>;
export async function startE2eWorld(options: E2eWorldOptions = {}): Promise<E2eWorld> {
  const started: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const stopOne of started.splice(0).reverse()) await stopOne();
  };
  try {
    const database = await cloneTestDatabase();
    started.push(() => database.drop());
    const db = createDb(database.url, { max: 2 });
    started.push(() => db.$disconnect());
    // The web server's port is chosen first: the sandbox must know its callback URL.
    const port = await freePort();
    const sandbox = await startSandboxProcess({
      redirectUris: [`http://localhost:${port}/api/amazon/callback`],
      ...(options.everySweepRefreshes && {
        accessTokenLifetimeSeconds: DUE_EVERY_SWEEP.accessTokenLifetimeSeconds,
      }),
    });
    started.push(() => sandbox.stop());
    const shared = {
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: generateFernetKey(),
      AMAZON_BASE_URL: sandbox.baseUrlTemplate,
      AMAZON_CLIENT_ID: sandbox.clientId,
      AMAZON_CLIENT_SECRET: sandbox.clientSecret,
      ...options.env,
    };
    const web = await startWebServer(localAuthEnv({ ...shared, ...options.webEnv }), { port });
    started.push(() => web.stop());
    const worker = await startWorkerProcess({
      ...shared,
      APP_URL: web.url,
      ...(options.everySweepRefreshes && DUE_EVERY_SWEEP.workerEnv),
      ...options.workerEnv,
    });
    started.push(() => worker.stop());
    const api = options.api ? await startApiService({ ...shared, API_URL }) : null;
    if (api) started.push(() => api.stop());
    const browser = await launchChromium();
    started.push(() => browser.close());
    return { database, db, sandbox, web, worker, api, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
