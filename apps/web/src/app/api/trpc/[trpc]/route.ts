import { createTRPCContext } from "@adsconnect/api";
import { createFetchHandler } from "@adsconnect/api/fetch";

import { env } from "@/env";
import { isApiKeyRequest } from "@/server/api-key-request";
import { logger } from "@/server/logger";
import { getServices } from "@/server/services";
import { getSession } from "@/server/session";

const handler = createFetchHandler({
  endpoint: "/api/trpc",
  logger,
  createContext: async (request) =>
    createTRPCContext({
      services: getServices(),
      headers: request.headers,
      // An API key request is judged by its key alone (the proxy skips Clerk for it).
      session: isApiKeyRequest(new URL(request.url).pathname, request.headers.get("authorization"))
        ? null
        : await getSession(),
      exposeErrorDetails: env.NODE_ENV === "development",
    }),
});

export { handler as GET, handler as POST };
