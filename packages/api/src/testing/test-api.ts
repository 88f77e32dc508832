import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";

import { createDashboardContext, type Session } from "../context";
import { createDashboardHandler } from "../dashboard/handler";
import { createMachineHandler, MACHINE_TRPC_PATH } from "../machine/handler";
import { serveFetchHandler } from "./serve";
import { createTestServices } from "./services";

/**
 * The header a test server reads the dashboard's session from, as JSON. It stands in for
 * what the web app does with Clerk; no production path reads it.
 */
export const TEST_SESSION_HEADER = "x-test-session";

/**
 * The header a test server reads the dashboard's selected workspace from (what the web app's
 * workspace cookie is under local sign-in). Absent: the person's personal workspace.
 */
export const TEST_WORKSPACE_HEADER = "x-test-workspace";

/** The web app's path of the dashboard's router. */
export const DASHBOARD_TRPC_PATH = "/api/trpc";

/** What a test API names as the machine API's origin when it refuses a bearer. */
export const TEST_API_URL = "http://api.adsconnect.test";

/** The web app's origin a test API's dashboard takes mutations from (APP_URL). */
export const TEST_APP_URL = "http://app.adsconnect.test";

export interface TestApi {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  /** The dashboard's router, as the web app mounts it: origin + "/api/trpc". */
  dashboardUrl: string;
  /** The machine router, as apps/api mounts it: origin + "/trpc". */
  machineUrl: string;
  close: () => Promise<void>;
}

/**
 * Both routers over real HTTP on one test server, through the handlers their apps mount: the
 * dashboard's at /api/trpc (its session read from TEST_SESSION_HEADER), the machine router at
 * /trpc (API keys; its fetch handler through the bridge, without the rate limits apps/api's
 * listener adds: test/limits.test.ts serves that one). In production they live in different
 * processes (apps/web, apps/api).
 */
export async function startTestApi(options: {
  db: Db;
  logger: Logger;
  exposeErrorDetails?: boolean;
  /** Default: createTestServices(). Its `db` and `logger` are replaced by the ones given. */
  services?: Services;
  /** The dashboard's operators (ADMIN_USER_IDS). Default: nobody. */
  adminUserIds?: readonly string[];
}): Promise<TestApi> {
  const { db, logger, exposeErrorDetails = false } = options;
  const services = { ...(options.services ?? createTestServices()), db, logger };
  const dashboard = createDashboardHandler({
    endpoint: DASHBOARD_TRPC_PATH,
    apiUrl: TEST_API_URL,
    appUrl: TEST_APP_URL,
    logger,
    createContext: (req) => {
      const session = req.headers.get(TEST_SESSION_HEADER);
      return createDashboardContext({
        services,
        session: session ? (JSON.parse(session) as Session) : null,
        selectedWorkspaceId: req.headers.get(TEST_WORKSPACE_HEADER),
        exposeErrorDetails,
        adminUserIds: options.adminUserIds ?? [],
      });
    },
  });
  const machine = createMachineHandler({ services, exposeErrorDetails });
  const server = await serveFetchHandler({
    [DASHBOARD_TRPC_PATH]: dashboard,
    [MACHINE_TRPC_PATH]: machine,
  });
  return {
    origin: server.origin,
    dashboardUrl: `${server.origin}${DASHBOARD_TRPC_PATH}`,
    machineUrl: `${server.origin}${MACHINE_TRPC_PATH}`,
    close: server.close,
  };
}

/**
 * Headers that make a test server's dashboard treat the request as `session`'s, acting in
 * `workspaceId` when given (else their personal workspace).
 */
export function sessionHeaders(
  session: Session,
  workspaceId?: string | null,
): Record<string, string> {
  return {
    [TEST_SESSION_HEADER]: JSON.stringify(session),
    ...(workspaceId ? { [TEST_WORKSPACE_HEADER]: workspaceId } : {}),
  };
}
