import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";

import type { TRPCContext } from "./context";
import { API_KEY_PREFIX } from "./domain/api-keys/key-format";
import { DomainError, type DomainErrorKind } from "./domain/errors";
import { formatError } from "./error-formatter";
import { describeIssues, validationIssuesOf } from "./input-errors";

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  // tRPC adds `stack` to error shapes when isDev; the formatter drops it anyway.
  isDev: false,
  errorFormatter: formatError,
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const DOMAIN_ERROR_CODES: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  limit_reached: "PRECONDITION_FAILED",
};

/**
 * Around every procedure, for every transport (HTTP and createCaller alike):
 * domain refusals become their tRPC code with their own message; input
 * errors get a message naming the field; unexpected errors are logged with
 * their stack, here and only here, since the caller never sees it.
 */
const errorBoundary = t.middleware(async ({ ctx, path, type, next }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (error.cause instanceof DomainError) {
    throw new TRPCError({
      code: DOMAIN_ERROR_CODES[error.cause.kind],
      message: error.cause.message,
      cause: error.cause,
    });
  }
  const issues = error.code === "BAD_REQUEST" ? validationIssuesOf(error.cause) : null;
  if (issues)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: describeIssues(issues),
      cause: error.cause,
    });
  if (error.code === "INTERNAL_SERVER_ERROR") {
    ctx.logger.error({ err: error.cause ?? error, path, type }, "procedure failed");
  }
  return result;
});

const SIGN_IN_MESSAGE = "Sign in to continue.";
const API_KEY_MESSAGE = "Send an active API key as `Authorization: Bearer <key>`.";

/** Anyone. */
export const publicProcedure = t.procedure.use(errorBoundary);

/** A signed-in person. Their `users` row is created or refreshed from the session first. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const { session } = ctx;
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: SIGN_IN_MESSAGE });
  await ctx.ensureUser();
  return next({ ctx: { session, userId: session.userId } });
});

/** An internal app presenting an active API key; it acts for the key's owner. */
export const apiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const apiKey = await ctx.resolveApiKey();
  if (!apiKey) throw new TRPCError({ code: "UNAUTHORIZED", message: API_KEY_MESSAGE });
  return next({ ctx: { apiKey, userId: apiKey.userId } });
});

/**
 * A person or an internal app: `ctx.userId` is whom the call acts for. A
 * request whose bearer has our key prefix is judged as a key alone, even with
 * a session beside it: a bad key fails rather than falling back to the cookie.
 */
export const ownerOrApiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.bearerToken?.startsWith(API_KEY_PREFIX)) {
    const apiKey = await ctx.resolveApiKey();
    if (!apiKey) throw new TRPCError({ code: "UNAUTHORIZED", message: API_KEY_MESSAGE });
    return next({ ctx: { caller: { kind: "apiKey" as const, apiKey }, userId: apiKey.userId } });
  }
  const { session } = ctx;
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: SIGN_IN_MESSAGE });
  await ctx.ensureUser();
  return next({ ctx: { caller: { kind: "session" as const, session }, userId: session.userId } });
});
