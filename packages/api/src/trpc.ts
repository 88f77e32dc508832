import { AdsConnectError } from "@adsconnect/errors";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";

import type { TRPCContext } from "./context";
import { API_KEY_PREFIX } from "./domain/api-keys/key-format";
import { toCallerError } from "./error-boundary";
import { formatError } from "./error-formatter";

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  // tRPC adds `stack` to error shapes when isDev; the formatter drops it anyway.
  isDev: false,
  errorFormatter: formatError,
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Around every procedure, for every transport (HTTP and createCaller alike):
 * an AdsConnectError becomes its kind's tRPC code with its own message, an
 * input error gets a message naming the field (src/error-boundary.ts), and
 * internal and unexpected errors are logged with their stack, here and only
 * here, since the caller never sees it.
 */
const errorBoundary = t.middleware(async ({ ctx, path, type, next }) => {
  const result = await next();
  if (result.ok) return result;
  const error = toCallerError(result.error);
  if (error.code === "INTERNAL_SERVER_ERROR") {
    ctx.logger.error({ err: error.cause ?? error, path, type }, "procedure failed");
  }
  if (error === result.error) return result;
  throw error;
});

export const SIGN_IN_MESSAGE = "Sign in to continue.";
export const API_KEY_MESSAGE = "Send an active API key as `Authorization: Bearer <key>`.";

/** Anyone. */
export const publicProcedure = t.procedure.use(errorBoundary);

/** A signed-in person. Their `users` row is created or refreshed from the session first. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const { session } = ctx;
  if (!session) throw new AdsConnectError("unauthorized", SIGN_IN_MESSAGE);
  await ctx.ensureUser();
  return next({ ctx: { session, userId: session.userId } });
});

/** An internal app presenting an active API key; it acts for the key's owner. */
export const apiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const apiKey = await ctx.resolveApiKey();
  if (!apiKey) throw new AdsConnectError("unauthorized", API_KEY_MESSAGE);
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
    if (!apiKey) throw new AdsConnectError("unauthorized", API_KEY_MESSAGE);
    return next({ ctx: { caller: { kind: "apiKey" as const, apiKey }, userId: apiKey.userId } });
  }
  const { session } = ctx;
  if (!session) throw new AdsConnectError("unauthorized", SIGN_IN_MESSAGE);
  await ctx.ensureUser();
  return next({ ctx: { caller: { kind: "session" as const, session }, userId: session.userId } });
});
