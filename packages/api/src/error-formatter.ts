import { currentRequestId } from "@adsconnect/logger";
import type { TRPCDefaultErrorShape, TRPCError } from "@trpc/server";

import { flattenIssues, validationIssuesOf, type FlattenedIssues } from "./input-errors";

/** What every caller sees instead of an unexpected error's own message. */
export const GENERIC_ERROR_MESSAGE = "Something went wrong; try again";

export interface AdsConnectErrorData {
  code: TRPCDefaultErrorShape["data"]["code"];
  httpStatus: number;
  path?: string;
  /** Input errors by field, for BAD_REQUESTs from input validation; null otherwise. */
  zodError: FlattenedIssues | null;
  /** The request's id (its x-request-id, or one made up), for a person to quote; when served with one. */
  requestId?: string;
}

export interface AdsConnectErrorShape {
  message: string;
  code: TRPCDefaultErrorShape["code"];
  data: AdsConnectErrorData;
}

/**
 * The error every caller receives. Built field by field rather than spread
 * from tRPC's default shape, so nothing is sent that is not listed here: no
 * `stack`, ever. Unexpected errors read as GENERIC_ERROR_MESSAGE unless the
 * context opts in to details (development); they are logged with their
 * stack server-side (src/trpc.ts).
 */
export function formatError({
  shape,
  error,
  ctx,
}: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  ctx: { exposeErrorDetails: boolean } | undefined;
}): AdsConnectErrorShape {
  const hidden = error.code === "INTERNAL_SERVER_ERROR" && !ctx?.exposeErrorDetails;
  const issues = error.code === "BAD_REQUEST" ? validationIssuesOf(error.cause) : null;
  const data: AdsConnectErrorData = {
    code: shape.data.code,
    httpStatus: shape.data.httpStatus,
    zodError: issues ? flattenIssues(issues) : null,
  };
  if (shape.data.path !== undefined) data.path = shape.data.path;
  const requestId = currentRequestId();
  if (requestId !== undefined) data.requestId = requestId;
  return { message: hidden ? GENERIC_ERROR_MESSAGE : shape.message, code: shape.code, data };
}
