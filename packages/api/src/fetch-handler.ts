import { AdsConnectError } from "@adsconnect/errors";
import type { Logger } from "@adsconnect/logger";
import { TRPCError, type AnyTRPCRouter, type inferRouterContext } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

/**
 * Calls one HTTP request may batch at most, on both surfaces. The web app's pages batch a
 * handful; @adsconnect/client sends at most this many (its httpBatchLink's `maxItems`).
 */
export const MAX_BATCH_SIZE = 50;

/** What a caller that sent a batch of `size` calls is told (BAD_REQUEST). */
export function batchTooLargeMessage(size: number, max: number): string {
  return `This request batches ${size} calls; the limit is ${max}. Send at most ${max} calls per request (tRPC's httpBatchLink: maxItems: ${max}).`;
}

export interface FetchHandlerOptions<TContext, TExtra> {
  /** Where the router is mounted, e.g. "/api/trpc" or "/trpc" (no default). */
  endpoint: string;
  /** One request's context, with what the transport learnt of it first (machine/listener.ts). */
  createContext: (req: Request, extra: TExtra | undefined) => TContext | Promise<TContext>;
  /** Logs failures that happen before any procedure runs, such as createContext throwing. */
  logger: Logger;
  /** Default MAX_BATCH_SIZE. */
  maxBatchSize?: number;
}

/**
 * A router as a Fetch API handler, `(Request) => Promise<Response>`. Each surface
 * wraps it for its own router (src/dashboard/handler.ts, src/machine/handler.ts);
 * neither imports the other's.
 *
 * A batch of more than `maxBatchSize` calls is refused as a whole (400, BAD_REQUEST, one error
 * for every call, saying the limit) before any context is made. tRPC's own `maxBatchSize`
 * option does the same with the bare message "Batch call exceeds maximum size", so the check is
 * made here instead, by throwing from createContext, which tRPC answers in its own shape. An
 * error with `retryAfterSeconds` (a rate limit) sets the answer's Retry-After.
 */
export function createFetchHandler<TRouter extends AnyTRPCRouter, TExtra = undefined>(
  router: TRouter,
  options: FetchHandlerOptions<inferRouterContext<TRouter>, TExtra>,
): (req: Request, extra?: TExtra) => Promise<Response> {
  const { endpoint, createContext, logger } = options;
  const maxBatchSize = options.maxBatchSize ?? MAX_BATCH_SIZE;
  return (req, extra) => {
    const size = batchSizeOf(req.url, endpoint);
    return fetchRequestHandler({
      endpoint,
      req,
      router,
      createContext: () => {
        if (size > maxBatchSize)
          throw new TRPCError({
            code: "BAD_REQUEST",
            message: batchTooLargeMessage(size, maxBatchSize),
          });
        return createContext(req, extra);
      },
      responseMeta({ errors }) {
        const waits = errors.map((error) => retryAfterOf(error.cause)).filter((wait) => wait > 0);
        return waits.length > 0
          ? { headers: { "retry-after": String(Math.max(...waits)) } }
          : {};
      },
      onError({ error, ctx, path, type }) {
        // Errors inside a procedure were logged by its middleware, with the procedure's context.
        if (ctx === undefined && error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path, type }, "trpc request failed");
        }
      },
    });
  };
}

/** How many calls a request names (its batch's comma-separated paths); 1 when it is no batch. */
function batchSizeOf(url: string, endpoint: string): number {
  const { pathname, searchParams } = new URL(url);
  if (searchParams.get("batch") !== "1") return 1;
  return pathname.slice(endpoint.length + 1).split(",").length;
}

/** Whole seconds an AdsConnectError asks the caller to wait (RateLimitedError), else 0. */
function retryAfterOf(cause: unknown): number {
  if (!(cause instanceof AdsConnectError)) return 0;
  const wait = (cause as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof wait === "number" && wait > 0 ? Math.ceil(wait) : 0;
}
