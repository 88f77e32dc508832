import { AdsConnectError, type ErrorKind } from "@adsconnect/errors";
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";

import { describeIssues, validationIssuesOf } from "./input-errors";

/**
 * The one place an error's kind becomes a tRPC code (and so an HTTP status).
 * Domain packages raise AdsConnectErrors and know nothing of tRPC; procedures
 * and middlewares throw them too, and never build a TRPCError themselves.
 */
export const TRPC_CODE_OF_KIND = {
  not_found: "NOT_FOUND",
  needs_reconnect: "PRECONDITION_FAILED",
  limit_reached: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  invalid_input: "BAD_REQUEST",
  internal: "INTERNAL_SERVER_ERROR",
} as const satisfies Record<ErrorKind, TRPC_ERROR_CODE_KEY>;

/**
 * What a failed procedure's error becomes for the caller:
 * - an AdsConnectError: its kind's code, with its own message (an `internal`
 *   one reaches callers over HTTP as GENERIC_ERROR_MESSAGE: see error-formatter.ts);
 * - an input that failed validation: BAD_REQUEST, with a message naming the field;
 * - anything else as tRPC made it: an unexpected error is INTERNAL_SERVER_ERROR.
 */
export function toCallerError(error: TRPCError): TRPCError {
  const { cause } = error;
  if (cause instanceof AdsConnectError) {
    return new TRPCError({ code: TRPC_CODE_OF_KIND[cause.kind], message: cause.message, cause });
  }
  const issues = error.code === "BAD_REQUEST" ? validationIssuesOf(cause) : null;
  if (issues) return new TRPCError({ code: "BAD_REQUEST", message: describeIssues(issues), cause });
  return error;
}
