import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";

import { createTRPCContext, type Session } from "../context";
import { createFetchHandler } from "../fetch-handler";
import { serveFetchHandler } from "./serve";
import { createTestServices } from "./services";

/**
 * The header a test server reads the session from, as JSON. It stands in for
 * what the web app does with Clerk; no production path reads it.
 */
export const TEST_SESSION_HEADER = "x-test-session";

export interface TestApi {
  /** The web app's origin stand-in, e.g. "http://127.0.0.1:41234". */
  origin: string;
  /** The full tRPC URL: origin + "/api/trpc". */
  url: string;
  close: () => Promise<void>;
}

/**
 * The app router served over real HTTP at /api/trpc, through the same fetch
 * handler the web app mounts.
 */
export async function startTestApi(options: {
  db: Db;
  logger: Logger;
  exposeErrorDetails?: boolean;
  /** Default: createTestServices(). Its `db` and `logger` are replaced by the ones given. */
  services?: Services;
}): Promise<TestApi> {
  const { db, logger, exposeErrorDetails } = options;
  const services = { ...(options.services ?? createTestServices()), db, logger };
  const handler = createFetchHandler({
    endpoint: "/api/trpc",
    logger,
    createContext: (req) => {
      const session = req.headers.get(TEST_SESSION_HEADER);
      return createTRPCContext({
        services,
        headers: req.headers,
        session: session ? (JSON.parse(session) as Session) : null,
        ...(exposeErrorDetails === undefined ? {} : { exposeErrorDetails }),
      });
    },
  });
  const server = await serveFetchHandler(handler);
  return { origin: server.origin, url: `${server.origin}/api/trpc`, close: server.close };
}

/** Headers that make a test server treat the request as `session`'s. */
export function sessionHeaders(session: Session): Record<string, string> {
  return { [TEST_SESSION_HEADER]: JSON.stringify(session) };
}
