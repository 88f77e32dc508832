import type { Logger } from "@adsconnect/logger";
import { TRPCError, type AnyTRPCRouter, type inferRouterContext } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { refuseEveryCall, retryAfterOf } from "./refusal";

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
 * for every call, saying the limit) before any context is made or body parsed. tRPC's own
 * `maxBatchSize` option (fetchRequestHandler's) does the same with the bare message "Batch call
 * exceeds maximum size", and only after checking each procedure's method, so the check is made
 * here instead. An error with `retryAfterSeconds` (a rate limit) sets the answer's Retry-After.
 */
export function createFetchHandler<TRouter extends AnyTRPCRouter, TExtra = undefined>(
  router: TRouter,
  options: FetchHandlerOptions<inferRouterContext<TRouter>, TExtra>,
): (req: Request, extra?: TExtra) => Promise<Response> {
  const { endpoint, createContext, logger } = options;
  const maxBatchSize = options.maxBatchSize ?? MAX_BATCH_SIZE;
  return async (req, extra) => {
    const size = batchSizeOf(req.url, endpoint);
    if (size > maxBatchSize)
      return refuseEveryCall(
        req,
        endpoint,
        new TRPCError({ code: "BAD_REQUEST", message: batchTooLargeMessage(size, maxBatchSize) }),
      );
    return fetchRequestHandler({
      endpoint,
      req,
      router,
      // A second guard, in tRPC's own words, should a path ever count differently there.
      maxBatchSize,
      createContext: () => createContext(req, extra),
      responseMeta({ errors }) {
        const waits = errors.map((error) => retryAfterOf(error.cause)).filter((wait) => wait > 0);
        return waits.length > 0 ? { headers: { "retry-after": String(Math.max(...waits)) } } : {};
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

/**
 * How many calls a request names (its batch's comma-separated paths); 1 when it is no batch.
 * Counted on the decoded path, as tRPC splits it: `%2C` is a comma to tRPC, so counting the raw
 * path would let one request carry hundreds of calls past the limit (and past the rate limit,
 * which counts requests). A path that does not decode is 1: tRPC refuses it (400).
 */
function batchSizeOf(url: string, endpoint: string): number {
  const { pathname, searchParams } = new URL(url);
  if (searchParams.get("batch") !== "1") return 1;
  let path: string;
  try {
    path = decodeURIComponent(pathname.slice(endpoint.length + 1));
  } catch {
    return 1;
  }
  return path.split(",").length;
}
