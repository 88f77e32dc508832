import type { Logger } from "@adsconnect/logger";
import type { AnyTRPCRouter, inferRouterContext } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

export interface FetchHandlerOptions<TContext> {
  /** Where the router is mounted, e.g. "/api/trpc" or "/trpc" (no default). */
  endpoint: string;
  /** One request's context. */
  createContext: (req: Request) => TContext | Promise<TContext>;
  /** Logs failures that happen before any procedure runs, such as createContext throwing. */
  logger: Logger;
}

/**
 * A router as a Fetch API handler, `(Request) => Promise<Response>`. Each surface
 * wraps it for its own router (src/dashboard/handler.ts, src/machine/handler.ts);
 * neither imports the other's.
 */
export function createFetchHandler<TRouter extends AnyTRPCRouter>(
  router: TRouter,
  options: FetchHandlerOptions<inferRouterContext<TRouter>>,
): (req: Request) => Promise<Response> {
  const { endpoint, createContext, logger } = options;
  return (req) =>
    fetchRequestHandler({
      endpoint,
      req,
      router,
      createContext: () => createContext(req),
      onError({ error, ctx, path, type }) {
        // Errors inside a procedure were logged by its middleware, with the procedure's context.
        if (ctx === undefined && error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path, type }, "trpc request failed");
        }
      },
    });
}
