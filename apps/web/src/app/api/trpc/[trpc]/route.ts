import { createDashboardContext, createDashboardHandler } from "@adsconnect/api/dashboard";
import { requestIdFrom, withRequestId } from "@adsconnect/logger";

import { env } from "@/env";
import { logger } from "@/server/logger";
import { getServices } from "@/server/services";
import { getDashboardIdentity } from "@/server/session";

/**
 * The dashboard's API, for signed-in people only: their session is the one Clerk's middleware
 * verified (src/proxy.ts). A request bearing any `Authorization: Bearer …` is refused 401
 * before its session is read, with a message naming API_URL: internal apps call the machine
 * API there (apps/api), never this. A mutation that is not `application/json`, or that a
 * browser sent from another origin than APP_URL's, is refused (415, 403) before its session is
 * read (packages/api/src/dashboard/handler.ts).
 */
const handler = createDashboardHandler({
  endpoint: "/api/trpc",
  apiUrl: env.API_URL,
  // Mutations only as JSON from the app's own origin (cross-site request forgery).
  appUrl: env.APP_URL,
  logger,
  createContext: async () =>
    createDashboardContext({
      services: getServices(),
      // The session (its Clerk Organization included) and, under local sign-in, the picked workspace.
      ...(await getDashboardIdentity()),
      exposeErrorDetails: env.NODE_ENV === "development",
      adminUserIds: env.ADMIN_USER_IDS,
    }),
});

/**
 * Each call runs under its request id (the caller's x-request-id when well-formed): on its log
 * lines, in its errors' `data.requestId` and in the answer's x-request-id.
 */
function handle(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  return withRequestId(requestId, async () => {
    const response = await handler(req);
    response.headers.set("x-request-id", requestId);
    return response;
  });
}

export { handle as GET, handle as POST };
