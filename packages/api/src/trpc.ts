import { AdsConnectError } from "@adsconnect/errors";
import { requireAdmin } from "@adsconnect/workspaces";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";

import type { TRPCContext } from "./context";
import { expiredApiKeyMessage, type ApiKeyLookup } from "./domain/api-keys/authenticate-api-key";
import { authorizeKey, type ApiKeyPermission } from "./domain/api-keys/scopes";
import { toCallerError } from "./error-boundary";
import { formatError } from "./error-formatter";
import { API_KEY_MESSAGE, SIGN_IN_MESSAGE } from "./messages";

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

export { API_KEY_MESSAGE, SIGN_IN_MESSAGE };

/** Anyone. */
export const publicProcedure = t.procedure.use(errorBoundary);

/**
 * A signed-in person, on the dashboard's router. Their `users` row is created
 * or refreshed from the session first. A machine request never has a session.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = ctx.surface === "dashboard" ? ctx.session : null;
  if (ctx.surface !== "dashboard" || !session)
    throw new AdsConnectError("unauthorized", SIGN_IN_MESSAGE);
  await ctx.ensureUser();
  return next({ ctx: { ...ctx, session, userId: session.userId } });
});

/**
 * A signed-in person acting in a workspace (`ctx.workspace`: its id, kind, name and their role):
 * the Clerk Organization their token names, the one they picked under local sign-in, or their
 * personal workspace. Someone not (or no longer) a member of it is FORBIDDEN, saying to pick
 * another. What it reaches is the workspace's, never another's.
 */
export const workspaceProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.surface !== "dashboard") throw new AdsConnectError("unauthorized", SIGN_IN_MESSAGE);
  const workspace = await ctx.resolveWorkspace();
  return next({ ctx: { ...ctx, workspace } });
});

/**
 * A workspace procedure only its admins may call; a member is FORBIDDEN with a message naming
 * the workspace and `action` ("Only an admin of Acme can <action>…").
 */
export function workspaceAdminProcedure(action: string) {
  return workspaceProcedure.use(({ ctx, next }) => {
    requireAdmin(ctx.workspace, action);
    return next();
  });
}

/**
 * An operator: a signed-in person whose user id is in ADMIN_USER_IDS (the dashboard context's
 * `adminUserIds`), on the dashboard's router. Anyone else — another person, nobody signed in, an
 * API key — gets NOT_FOUND with tRPC's own message for a path that does not exist, so the
 * operations procedures' existence is not disclosed (never FORBIDDEN or UNAUTHORIZED).
 */
export const adminProcedure = publicProcedure.use(async ({ ctx, path, next }) => {
  const session = ctx.surface === "dashboard" ? ctx.session : null;
  if (ctx.surface !== "dashboard" || !session || !ctx.adminUserIds.has(session.userId))
    throw new AdsConnectError("not_found", notFoundPathMessage(path));
  await ctx.ensureUser();
  return next({ ctx: { ...ctx, session, userId: session.userId } });
});

/** tRPC's answer to a call of a path no router has. */
export function notFoundPathMessage(path: string): string {
  return `No procedure found on path "${path}"`;
}

/**
 * An internal app presenting an active API key, on the machine router; it acts
 * for the key's workspace (`ctx.workspaceId`). A dashboard request never presents a key: the
 * dashboard's context does not read one. An expired key is UNAUTHORIZED with a
 * message saying so. Checks no permission: machine procedures use
 * keyProcedure or keyAccountProcedure, which do.
 */
export const apiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const lookup = ctx.surface === "machine" ? await ctx.resolveApiKey() : null;
  if (lookup?.status !== "active") throw apiKeyRefusal(lookup);
  const apiKey = lookup.principal;
  return next({ ctx: { ...ctx, apiKey, workspaceId: apiKey.workspaceId } });
});

/** Why a lookup that found no active key is refused: UNAUTHORIZED, saying so when it expired. */
export function apiKeyRefusal(lookup: ApiKeyLookup | null): AdsConnectError {
  return lookup?.status === "expired"
    ? new AdsConnectError("unauthorized", expiredApiKeyMessage(lookup.expiredAt))
    : new AdsConnectError("unauthorized", API_KEY_MESSAGE);
}

/**
 * A machine procedure that needs `permission` (FORBIDDEN naming it when the
 * key lacks it: see authorizeKey in src/domain/api-keys/scopes.ts). For
 * procedures that take no account; those that do use keyAccountProcedure.
 */
export function keyProcedure(permission: ApiKeyPermission) {
  return apiKeyProcedure.use(({ ctx, next }) => {
    authorizeKey(ctx.apiKey, { permission });
    return next();
  });
}

/**
 * A machine procedure about one account (`input.accountId`, a uuid; add more
 * fields with `.input(…)`), that needs `permission`. An account outside the
 * key's account list is NOT_FOUND, the same answer as another workspace's account
 * or none at all; a missing permission is FORBIDDEN naming it.
 */
export function keyAccountProcedure(permission: ApiKeyPermission) {
  return apiKeyProcedure
    .input(z.object({ accountId: z.uuid({ error: "must be an account id from accounts.list" }) }))
    .use(({ ctx, input, next }) => {
      authorizeKey(ctx.apiKey, { permission, accountId: input.accountId });
      return next();
    });
}
