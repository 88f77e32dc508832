// A test file's database client and test API, opened before its tests and closed after them,
// and the routers' HTTP clients the files call it with.
import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll } from "vitest";

import type { DashboardRouter, MachineRouter, Session } from "../../src/index";
import {
  captureLogger,
  createTestServices,
  sessionHeaders,
  startTestApi,
  type TestApi,
} from "../../src/testing";
import { openDb } from "./callers";

/** What useTestDb and useTestApi open: read the fields inside tests and hooks, once beforeAll ran. */
export interface TestDb {
  readonly db: Db;
}
export interface OpenTestApi extends TestDb {
  readonly api: TestApi;
  readonly services: Services;
}

/** A client over this run's database for the calling file's tests. */
export function useTestDb(): TestDb {
  const opened = {} as { db: Db };
  beforeAll(() => {
    opened.db = openDb();
  });
  afterAll(() => opened.db?.$disconnect());
  return opened;
}

/**
 * A client over this run's database and both routers served over HTTP on it (startTestApi), for
 * the calling file's tests, with `services` (default: createTestServices()) and `logger`
 * (default: a captured one nobody reads).
 */
export function useTestApi({
  services = createTestServices(),
  logger = captureLogger().logger,
}: { services?: Services; logger?: Logger } = {}): OpenTestApi {
  const opened = { services } as { db: Db; api: TestApi; services: Services };
  beforeAll(async () => {
    opened.db = openDb();
    opened.api = await startTestApi({ db: opened.db, logger, services });
  });
  afterAll(async () => {
    await opened.api?.close();
    await opened.db?.$disconnect();
  });
  return opened;
}

/** The machine router of `api` over HTTP, as an internal app calls it with `apiKey` (or none). */
export function machineOverHttp(api: TestApi, apiKey: string | null) {
  return createTRPCClient<MachineRouter>({
    links: [
      httpLink({
        url: api.machineUrl,
        transformer: superjson,
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      }),
    ],
  });
}

/** The dashboard's router of `api` over HTTP, as the web app calls it for `session` (or nobody). */
export function dashboardOverHttp(api: TestApi, session: Session | null) {
  return createTRPCClient<DashboardRouter>({
    links: [
      httpLink({
        url: api.dashboardUrl,
        transformer: superjson,
        headers: session ? sessionHeaders(session) : {},
      }),
    ],
  });
}
