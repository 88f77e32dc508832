import type { Logger } from "@adsconnect/logger";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import type { TRPCContext } from "./context";
import { appRouter } from "./root";

export interface FetchHandlerOptions {
  /** Where the router is mounted, e.g. "/api/trpc" (no default). */
  endpoint: string;
  /** One request's context; the web app resolves the session here and calls createTRPCContext. */
  createContext: (req: Request) => TRPCContext | Promise<TRPCContext>;
  /** Logs failures that happen before any procedure runs, such as createContext throwing. */
  logger: Logger;
}

/**
 * The app router as a Fetch API handler, `(Request) => Promise<Response>`:
 * what a Next.js route handler exports as GET and POST, and what tests serve
 * over node:http, so both go through the same path.
 */
export function createFetchHandler(
  options: FetchHandlerOptions,
): (req: Request) => Promise<Response> {
  const { endpoint, createContext, logger } = options;
  return (req) =>
    fetchRequestHandler({
      endpoint,
      req,
      router: appRouter,
      createContext: () => createContext(req),
      onError({ error, ctx, path, type }) {
        // Errors inside a procedure were logged by its middleware, with the procedure's context.
        if (ctx === undefined && error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path, type }, "trpc request failed");
        }
      },
    });
}
