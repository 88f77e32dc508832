import type { AmazonClient } from "@adsconnect/amazon";
import type { Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";
import type { Logger } from "@adsconnect/logger";
import type { TokensDeps } from "@adsconnect/tokens/deps";
import type { TokenVault } from "@adsconnect/vault";

import { authenticateApiKey, type ApiKeyPrincipal } from "./domain/api-keys/authenticate-api-key";
import { syncUser, type SessionUser } from "./domain/users/sync-user";

/** A signed-in person, as resolved by the web app (Clerk, or the local issuer). */
export type Session = SessionUser;

/**
 * The domain services procedures call beyond the database. Optional so tests
 * of procedures that need none can leave them out; `requireServices` tells
 * clearly when one that needs them runs without.
 */
export interface ApiServices {
  vault: TokenVault;
  amazon: AmazonClient;
  /** The Amazon app's client id, handed to internal apps with their tokens. */
  amazonClientId: string;
  /**
   * A node-postgres pool on the product's database, for the paths every
   * internal app's call takes (API-key lookup, the hand-out's account read,
   * in plain SQL) and for inline token refreshes, which hold one of its
   * connections for the per-account lock (a Prisma client cannot hold one
   * session across the call to Amazon).
   */
  pgPool: TokensDeps["pool"];
  /** Consecutive failed refreshes after which an account is refresh_failing. Default 3. */
  refreshFailingAfter?: number;
}

export interface CreateContextOptions {
  db: Db;
  services?: ApiServices;
  /** The request's headers; `Authorization: Bearer <api key>` is read from here. */
  headers: Headers;
  /** The signed-in person, or null when nobody is signed in. */
  session: Session | null;
  /** Where unexpected errors are logged, with their stack, server-side. */
  logger: Logger;
  /**
   * Send the real message of unexpected (INTERNAL_SERVER_ERROR) errors to the
   * caller. Default false: callers get "Something went wrong; try again".
   * Turn it on in development only. Stack traces are never sent either way.
   */
  exposeErrorDetails?: boolean;
}

export interface TRPCContext {
  db: Db;
  services: ApiServices | null;
  headers: Headers;
  session: Session | null;
  logger: Logger;
  exposeErrorDetails: boolean;
  /** The token of an `Authorization: Bearer <token>` header, if any. */
  bearerToken: string | null;
  /**
   * The active API key the request presents, or null. Looked up on first call
   * (only procedures that accept keys ask), then remembered for the request.
   */
  resolveApiKey: () => Promise<ApiKeyPrincipal | null>;
  /**
   * Creates or refreshes the signed-in person's `users` row, once per request
   * however many procedures a batch or a page's prefetches call.
   */
  ensureUser: () => Promise<void>;
}

/**
 * One request's context. The API knows nothing of Next.js or Clerk: the web
 * app resolves `session` and passes it in; tests build it by hand.
 */
export function createTRPCContext(options: CreateContextOptions): TRPCContext {
  const { db, headers, session, logger } = options;
  const services = options.services ?? null;
  const bearerToken = readBearerToken(headers);
  // Async, so a missing services object rejects like any failed lookup.
  const lookUpApiKey = async (key: string) =>
    authenticateApiKey(requireServices({ services }).pgPool, key);
  let apiKey: Promise<ApiKeyPrincipal | null> | undefined;
  let userSynced: Promise<void> | undefined;
  return {
    db,
    services,
    headers,
    session,
    logger,
    exposeErrorDetails: options.exposeErrorDetails ?? false,
    bearerToken,
    resolveApiKey: () =>
      (apiKey ??= bearerToken ? lookUpApiKey(bearerToken) : Promise.resolve(null)),
    ensureUser: () => (userSynced ??= session ? syncUser(db, session) : Promise.resolve()),
  };
}

function readBearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

export function requireServices(ctx: Pick<TRPCContext, "services">): ApiServices {
  if (!ctx.services) {
    throw new AdsConnectError(
      "internal",
      "The API was started without its Amazon and vault services.",
    );
  }
  return ctx.services;
}
