// The kind → tRPC code table and what the boundary does with each error, without a database.
// (What reaches a caller end to end, in-process and over HTTP, is in test/domain-errors.test.ts.)

import { AdsConnectError, ERROR_KINDS, type ErrorKind } from "@adsconnect/errors";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";

import { toCallerError, TRPC_CODE_OF_KIND } from "./error-boundary";

/** Every kind's code and HTTP status: what clients and their retries rely on. */
const EXPECTED: Record<ErrorKind, [string, number]> = {
  not_found: ["NOT_FOUND", 404],
  needs_reconnect: ["PRECONDITION_FAILED", 412],
  limit_reached: ["PRECONDITION_FAILED", 412],
  rate_limited: ["TOO_MANY_REQUESTS", 429],
  unavailable: ["SERVICE_UNAVAILABLE", 503],
  unauthorized: ["UNAUTHORIZED", 401],
  forbidden: ["FORBIDDEN", 403],
  invalid_input: ["BAD_REQUEST", 400],
  internal: ["INTERNAL_SERVER_ERROR", 500],
};

/** A failed procedure's error as the boundary receives it: tRPC wraps whatever was thrown. */
const asThrown = (cause: unknown) =>
  cause instanceof TRPCError
    ? cause
    : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: cause as Error });

describe("TRPC_CODE_OF_KIND", () => {
  it("maps every kind, and only kinds", () => {
    expect(Object.keys(TRPC_CODE_OF_KIND).sort()).toEqual([...ERROR_KINDS].sort());
  });

  it.each(ERROR_KINDS)("maps %s to its code and HTTP status", (kind) => {
    const error = toCallerError(asThrown(new AdsConnectError(kind, `a ${kind} error`)));
    expect([error.code, getHTTPStatusCodeFromError(error)]).toEqual(EXPECTED[kind]);
  });
});

describe("toCallerError", () => {
  it("gives an AdsConnectError's own message and keeps it as the cause", () => {
    const cause = new AdsConnectError("not_found", "You have no widget with that id.");
    const error = toCallerError(asThrown(cause));
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "You have no widget with that id." });
    expect(error.cause).toBe(cause);
  });

  it("maps subclasses by their kind, whatever their name", () => {
    class WidgetGoneError extends AdsConnectError {
      override readonly name = "WidgetGoneError";
      constructor() {
        super("needs_reconnect", "Reconnect the widget.");
      }
    }
    expect(toCallerError(asThrown(new WidgetGoneError()))).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Reconnect the widget.",
    });
  });

  it("names the field of an input that failed validation", () => {
    const issues = { issues: [{ path: ["name"], message: "must be 1–64 characters" }] };
    const error = toCallerError(new TRPCError({ code: "BAD_REQUEST", cause: issues as never }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "name: must be 1–64 characters" });
  });

  it("leaves anything else as tRPC made it: unexpected errors are INTERNAL_SERVER_ERROR", () => {
    const unexpected = asThrown(new Error("connect ECONNREFUSED 10.1.2.3:5432"));
    expect(toCallerError(unexpected)).toBe(unexpected);
    expect(unexpected.code).toBe("INTERNAL_SERVER_ERROR");

    const tRPCsOwn = new TRPCError({ code: "NOT_FOUND", message: "No procedure found" });
    expect(toCallerError(tRPCsOwn)).toBe(tRPCsOwn);
  });
});
