import type { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";

import { currentRequestId } from "@adsconnect/logger";

import type { AdsConnectErrorShape } from "./error-formatter";

/**
 * `error` for every call `req` names, before any router runs, shaped as tRPC shapes errors
 * (superjson; a batch as an array, one per call): what a surface answers without reading the
 * body or making a context (a bearer on the dashboard, a refused API key, a rate limit, a body
 * or batch over its limit), whatever the procedure or the method. The status is the code's;
 * `headers` are added (Retry-After).
 */
export function refuseEveryCall(
  req: Request,
  endpoint: string,
  error: TRPCError,
  headers: Record<string, string> = {},
): Response {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.slice(endpoint.length + 1)).split(",");
  const httpStatus = getHTTPStatusCodeFromError(error);
  // The request's id, as every other error's data carries it (error-formatter.ts).
  const requestId = currentRequestId();
  const refusal = (path: string) => {
    const shape: AdsConnectErrorShape = {
      message: error.message,
      code: TRPC_ERROR_CODES_BY_KEY[error.code],
      data: {
        code: error.code,
        httpStatus,
        path,
        zodError: null,
        ...(requestId === undefined ? {} : { requestId }),
      },
    };
    return { error: superjson.serialize(shape) };
  };
  const body = url.searchParams.get("batch") === "1" ? paths.map(refusal) : refusal(paths[0]!);
  return Response.json(body, {
    status: httpStatus,
    headers: { "cache-control": "no-store", ...headers },
  });
}

/** Whole seconds an error asks its caller to wait (a RateLimitedError's), else 0. */
export function retryAfterOf(cause: unknown): number {
  const wait = (cause as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
  return typeof wait === "number" && wait > 0 ? Math.ceil(wait) : 0;
}
